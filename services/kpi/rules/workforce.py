"""The DfE workforce average caseload (kpi.md 2), to compare with published figures."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from services.kpi.rules.facts import Episode, Membership
from services.kpi.rules.holding import held_cases
from services.kpi.rules.periods import in_effect_on


@dataclass(frozen=True, slots=True)
class DfeAverageCaseload:
    """numerator: cases held by the counted workers; denominator: their FTE; average: ratio to 1 decimal."""

    as_at: date
    numerator: int
    denominator: float
    ratio: float
    average: float
    workers_counted: int
    cohort: str = "dfe_workforce_average_caseload"


def dfe_average_caseload(
    as_at: date, episodes: Iterable[Episode], memberships: Iterable[Membership]
) -> DfeAverageCaseload:
    """DfE Children's Social Work Workforce average caseload (published at 30 September): cases held by
    case-holding workers divided by their FTE, counting only workers with FTE > 0 holding at least one case,
    agency workers included. A worker's FTE is the sum over their memberships at as_at."""
    cases = Counter(episode.worker_id for episode in held_cases(as_at, episodes).values())
    fte: dict[str, Decimal] = {}
    for member in memberships:
        if in_effect_on(member.start, member.end, as_at):
            # Decimal from the written FTE, so 0.6 + 0.2 is 0.8 and the rounding matches the published figure.
            fte[member.worker_id] = fte.get(member.worker_id, Decimal(0)) + Decimal(str(member.fte))
    counted = sorted(worker_id for worker_id in cases if fte.get(worker_id, Decimal(0)) > 0)
    held = sum(cases[worker_id] for worker_id in counted)
    total_fte = sum((fte[worker_id] for worker_id in counted), Decimal(0))
    average = Decimal(held) / total_fte if counted else Decimal(0)
    return DfeAverageCaseload(
        as_at=as_at,
        numerator=held,
        denominator=float(total_fte),
        ratio=float(average),
        average=float(average.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)),
        workers_counted=len(counted),
    )
