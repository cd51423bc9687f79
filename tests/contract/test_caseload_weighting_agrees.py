"""Allocation weighs caseloads to decide (recalibration, a leaver's plan); KPI weighs them to report. Each service
keeps the rule in its own rules/ (services never import each other), so this contract holds them to one answer:
for any holding of cases (statuses, court proceedings, siblings held by one worker) both give every case the same
points under the same weights."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from services.allocation.rules.caseload import DEFAULT_WEIGHTS, CaseloadPolicy, Weighed, sibling_group_points
from services.allocation.rules.caseload import case_points as allocation_case_points
from services.kpi.rules.facts import CourtPeriod, Episode, StatusPeriod
from services.kpi.rules.holding import case_points as kpi_case_points
from services.kpi.settings import DEFAULT_WEIGHTS as KPI_DEFAULT_WEIGHTS

AS_AT = date(2024, 6, 1)
KINDS = ("CIN", "CP", "CLA")


def test_both_services_start_from_the_same_weights() -> None:
    assert dict(DEFAULT_WEIGHTS) == KPI_DEFAULT_WEIGHTS


cases = st.lists(
    st.tuples(
        st.sampled_from(["w1", "w2"]),  # worker
        st.sampled_from(["f1", "f2", "f3"]),  # family
        st.sets(st.sampled_from(KINDS)),  # open status kinds
        st.booleans(),  # in court
    ),
    max_size=8,
)
weights = st.fixed_dictionaries(
    {kind: st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0]) for kind in (*KINDS, "court", "default")},
    optional={"sibling": st.sampled_from([0.25, 0.5, 1.0])},
)


@settings(max_examples=300, deadline=None)
@given(cases, weights)
def test_allocation_and_kpi_weigh_every_case_alike(
    holding: list[tuple[str, str, set[str], bool]], policy_weights: dict[str, float]
) -> None:
    policy = CaseloadPolicy(weights=policy_weights)
    weighed = [
        Weighed(f"case{n}", worker, family, allocation_case_points(kinds, court, policy))
        for n, (worker, family, kinds, court) in enumerate(holding)
    ]
    by_allocation = sibling_group_points(weighed, policy)

    held = {
        f"case{n}": Episode(f"a{n}", f"child{n}", f"case{n}", worker, "pod", date(2024, 1, 1), None, None)
        for n, (worker, _, _, _) in enumerate(holding)
    }
    statuses = [
        StatusPeriod(f"child{n}", f"case{n}", kind, date(2024, 1, 1), None, "C2" if kind == "CLA" else None)  # type: ignore[arg-type]
        for n, (_, _, kinds, _) in enumerate(holding)
        for kind in kinds
    ]
    court = [
        CourtPeriod(f"case{n}", date(2024, 2, 1), None) for n, (_, _, _, in_court) in enumerate(holding) if in_court
    ]
    families = {f"child{n}": family for n, (_, family, _, _) in enumerate(holding)}
    by_kpi = kpi_case_points(AS_AT, held, statuses, policy_weights, court, families)

    assert by_kpi == by_allocation
