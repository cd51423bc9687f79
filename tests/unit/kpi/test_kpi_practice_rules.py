"""The practice measures' rules: visits timed by records' own clock, summaries, supervision, complaints, compliments,
questionnaire means with the feedback service's suppression, case audits and recording time."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from services.kpi.rules import feedback, practice
from services.kpi.rules.feedback import Quarter
from shared.calendar import WorkingDays
from shared.visits import OpenStatus, Sighting, VisitIntervals, visit_clock

AS_AT = date(2024, 3, 28)
CALENDAR = WorkingDays()
INTERVALS = VisitIntervals()
days = st.dates(min_value=date(2023, 1, 1), max_value=date(2024, 6, 30))
sighting = st.builds(Sighting, days, st.sampled_from(["home", "school", "unsuccessful"]), st.booleans(), st.booleans())
status = st.builds(OpenStatus, st.sampled_from(["CP", "CLA", "CIN"]), days, st.none() | days)


def _last(sightings: list[Sighting], as_at: date) -> tuple[date | None, date | None]:
    """What the read model keeps of a child's visits: the last day seen, and seen alone, by the as-at date."""
    counted = [s for s in sightings if s.counts and s.occurred_on <= as_at]
    return (
        max((s.occurred_on for s in counted), default=None),
        max((s.occurred_on for s in counted if s.seen_alone), default=None),
    )


# The first example loads the bank holidays: no deadline.
@settings(deadline=None)
@given(st.lists(st.tuples(st.lists(status, min_size=1, max_size=3), st.lists(sighting, max_size=6)), max_size=12))
def test_the_kpi_times_visits_exactly_as_records_clock_does_from_the_whole_history(
    children: list[tuple[list[OpenStatus], list[Sighting]]],
) -> None:
    seen = [
        practice.ChildSeen(str(n), tuple(statuses), *_last(sightings, AS_AT))
        for n, (statuses, sightings) in enumerate(children)
    ]

    figure = practice.visit_timeliness(seen, AS_AT, INTERVALS, CALENDAR)

    clocks = [visit_clock(statuses, sightings, AS_AT, INTERVALS, CALENDAR) for statuses, sightings in children]
    in_cohort = [clock for clock in clocks if clock.clocks]
    assert figure.children == len(in_cohort)
    assert figure.overdue.numerator == sum(clock.overdue for clock in in_cohort)
    assert figure.overdue.denominator == len(in_cohort)
    assert sorted(row.next_due for row in figure.rows if row.next_due) == sorted(
        clock.next_due for clock in in_cohort if clock.next_due
    )
    for kind, share in figure.overdue_by_status.items():
        assert 0 <= share.numerator <= share.denominator
        assert share.denominator == sum(1 for clock in in_cohort for c in clock.clocks if c.status == kind)


def test_a_cp_child_seen_but_not_alone_at_the_last_visit_is_not_counted_seen_alone() -> None:
    plan = (OpenStatus("CP", date(2024, 1, 2)),)
    amy = practice.ChildSeen("amy", plan, date(2024, 3, 25), date(2024, 3, 20))
    ben = practice.ChildSeen("ben", plan, date(2024, 3, 26), date(2024, 3, 26))
    cal = practice.ChildSeen("cal", plan, None, None)

    figure = practice.visit_timeliness([amy, ben, cal], AS_AT, INTERVALS, CALENDAR)

    assert (figure.cp_seen_alone_at_last_visit.numerator, figure.cp_seen_alone_at_last_visit.denominator) == (1, 2)
    assert figure.never_seen == 1
    assert [row.overdue_for for row in figure.rows] == [(), (), ("CP",)]  # Cal: 10 working days from 2 January


def test_a_looked_after_child_is_due_six_weeks_after_being_seen() -> None:
    looked_after = (OpenStatus("CLA", date(2023, 1, 2)),)
    on_the_day = practice.ChildSeen("amy", looked_after, AS_AT - timedelta(weeks=6), None)
    a_day_late = practice.ChildSeen("ben", looked_after, AS_AT - timedelta(weeks=6, days=1), None)

    figure = practice.visit_timeliness([on_the_day, a_day_late], AS_AT, INTERVALS, CALENDAR)

    assert [row.overdue_for for row in figure.rows] == [(), ("CLA",)]


@given(st.lists(st.tuples(st.none() | days, st.none() | days, st.none() | st.integers(1, 12)), max_size=20))
def test_every_open_case_is_within_its_cadence_or_overdue(
    cases: list[tuple[date | None, date | None, int | None]],
) -> None:
    states = [practice.CaseSummaryState(str(n), str(n), *case) for n, case in enumerate(cases)]

    figure = practice.summary_timeliness(states, AS_AT, 4)

    counted = sum(1 for opened, last, _ in cases if opened or last)
    assert figure.within_cadence.denominator == counted
    assert figure.within_cadence.numerator + figure.overdue == counted
    assert figure.due_within_7_days <= figure.within_cadence.numerator


def test_a_summary_is_due_its_cadence_after_the_last_one_else_after_the_opening() -> None:
    cases = [
        practice.CaseSummaryState("a", "amy", date(2024, 1, 2), date(2024, 3, 1), 4),  # due 29 March
        practice.CaseSummaryState("b", "ben", date(2024, 1, 2), date(2024, 3, 1), 2),  # due 15 March
        practice.CaseSummaryState("c", "cal", date(2024, 3, 20), None, None),  # due 17 April by the default
    ]

    figure = practice.summary_timeliness(cases, AS_AT, 4)

    assert figure.overdue_cases == ("b",)
    assert (figure.within_cadence.numerator, figure.due_within_7_days, figure.never_summarised) == (2, 1, 1)


def test_a_child_is_discussed_within_the_shortest_interval_of_their_statuses() -> None:
    weeks = {"CIN": 6, "CP": 2, "CLA": 4, "default": 4}
    children = [
        practice.AllocatedChild("amy", ("CIN", "CP"), AS_AT - timedelta(weeks=3)),  # CP: every 2 weeks
        practice.AllocatedChild("ben", ("CIN",), AS_AT - timedelta(weeks=5)),
        practice.AllocatedChild("cal", (), AS_AT - timedelta(weeks=4)),
        practice.AllocatedChild("dan", ("CLA",), None),
    ]

    figure = practice.supervision_coverage(children, AS_AT, weeks)

    assert (figure.discussed_within_interval.numerator, figure.discussed_within_interval.denominator) == (2, 4)
    assert figure.never_discussed == 1


def test_an_action_is_overdue_only_while_open_past_its_due_date() -> None:
    actions = [
        practice.ActionState("late", date(2024, 3, 1), date(2024, 3, 15), None, None),
        practice.ActionState("due later", date(2024, 3, 1), date(2024, 4, 15), None, None),
        practice.ActionState("done late", date(2024, 3, 1), date(2024, 3, 12), date(2024, 3, 20), None),
        practice.ActionState("dropped", date(2024, 3, 1), date(2024, 3, 5), None, date(2024, 3, 4)),
        practice.ActionState("done after the day", date(2024, 3, 1), date(2024, 3, 20), date(2024, 3, 30), None),
        practice.ActionState("not yet set", date(2024, 3, 29), date(2024, 3, 30), None, None),
    ]

    figure = practice.actions_due(actions, AS_AT)

    assert figure.open == 3
    assert (figure.overdue.numerator, figure.median_days_overdue) == (2, 10.5)


def test_scaling_flags_a_drop_of_two_and_the_spread_between_voices() -> None:
    scores = [
        practice.LatestScore("amy", "safety", "worker", 4, 6),
        practice.LatestScore("amy", "safety", "parent", 8, 8),
        practice.LatestScore("ben", "safety", "worker", 6, 7),
        practice.LatestScore("ben", "safety", "child", 5, None),
        practice.LatestScore("cal", "safety", "worker", 3, None),
    ]

    figure = practice.scaling_trend(scores, drop_points=2, spread_points=3)

    assert (figure.children_scored, figure.dropped.numerator) == (3, 1)
    assert (figure.wide_spread.numerator, figure.wide_spread.denominator, figure.mean_spread) == (1, 2, 2.5)
    assert figure.spread_distribution["4"] == 1
    assert figure.spread_distribution["1"] == 1


@given(days)
def test_every_day_falls_in_its_quarter(day: date) -> None:
    quarter = Quarter.of(day)

    assert quarter.start <= day <= quarter.end
    assert Quarter.parse(quarter.label) == quarter
    assert quarter.a_year_earlier.start == quarter.start.replace(year=quarter.start.year - 1)


@given(st.lists(st.tuples(st.integers(1, 3), st.none() | days, st.none() | days, st.none() | st.booleans())))
def test_complaints_count_each_stage_in_the_quarter_it_started(
    facts: list[tuple[int, date | None, date | None, bool | None]],
) -> None:
    quarter = Quarter(2024, 1)

    figures = feedback.complaints_by_stage([feedback.StageFact(*fact) for fact in facts], quarter)

    for figure in figures:
        started = [f for f in facts if f[0] == figure.stage and f[1]]
        assert figure.received == sum(1 for f in started if f[1] and quarter.start <= f[1] <= quarter.end)
        assert figure.change == figure.received - figure.received_a_year_earlier
        assert figure.answered_in_time.numerator <= figure.answered == figure.answered_in_time.denominator


def test_the_seeds_stage_one_fall_from_41_to_15() -> None:
    now = [feedback.StageFact(1, date(2016, 2, 1), None, None)] * 15
    then = [feedback.StageFact(1, date(2015, 3, 1), None, None)] * 41

    stage_1 = feedback.complaints_by_stage(now + then, Quarter(2016, 1))[0]

    assert (stage_1.received, stage_1.received_a_year_earlier, stage_1.change) == (15, 41, -26)


def test_compliments_are_counted_per_pod_beside_a_year_earlier() -> None:
    compliments = [("north", date(2024, 2, 1)), ("north", date(2023, 3, 31)), (None, date(2024, 1, 5))]

    assert feedback.compliments_per_pod(compliments, Quarter(2024, 1)) == [
        feedback.PodCount("north", 1, 1),
        feedback.PodCount("service", 1, 0),
    ]


answer_groups = st.dictionaries(st.sampled_from(["north", "south", "east", None]), st.integers(0, 9), max_size=4)


@given(answer_groups, st.integers(1, 6))
def test_no_questionnaire_group_shown_is_small_or_can_be_subtracted_out(
    sizes: dict[str | None, int], threshold: int
) -> None:
    answers = [(f"{pod}-{n}", pod, "q1", "scale", float(1 + n % 5)) for pod, size in sizes.items() for n in range(size)]

    run = feedback.questionnaire_means("run", answers, threshold)

    assert run.respondents == sum(sizes.values())
    shown = [group for group in run.pods if not group.suppressed]
    hidden = [group for group in run.pods if group.suppressed]
    assert all(group.respondents >= threshold for group in shown)
    assert not hidden or sum(g.respondents for g in hidden) >= threshold or not shown
    for group in run.pods:
        assert all(item.suppressed or item.n >= threshold for item in group.items)


def test_item_means_round_half_up_to_one_decimal() -> None:
    answers = [(f"r{n}", "north", "q1", "scale", value) for n, value in enumerate([3, 4, 3, 4, 3, 4, 3, 3.6])]

    run = feedback.questionnaire_means("run", answers, 5)

    assert (run.items[0].n, run.items[0].mean) == (8, 3.5)  # 27.6 / 8 = 3.45: half up, as published


def test_case_audits_and_recording_time_are_aggregates_per_pod() -> None:
    audits = [
        feedback.AuditFact("north", "good", {"planning": "good"}, ["identity_needs"]),
        feedback.AuditFact("north", "inadequate", {"planning": "inadequate"}, ["identity_needs", "progress_of_plan"]),
    ]

    (north, service) = feedback.case_audits(audits)

    assert (north.pod_id, north.audits, north.good_or_better.numerator) == ("north", 2, 1)
    assert north.themes == {"identity_needs": 2, "progress_of_plan": 1}
    assert service.by_area == {"planning": {"good": 1, "inadequate": 1}}
    (time,) = feedback.recording_time([("north", "visit", 1800, 900), ("north", "visit", 3600, 1100)])
    assert (time.entries, time.median_minutes, time.median_characters) == (2, 45.0, 1000.0)
