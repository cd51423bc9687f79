"""The synthetic council's feedback: two years of complaints (most answered at stage 1, some escalated to an
investigation and a few to a review panel and the Ombudsman, with learning actions), compliments for the workers
holding children's cases, the children in care council's questionnaire a year apart, a parents' questionnaire
still open, and the staff health check. Written through the feedback service's own commands, reading the town
from its own view of allocation; the same seed and day always tell the same story.
"""

from __future__ import annotations

import random
import uuid
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.feedback.commands import complaints, compliments, learning, questionnaires
from services.feedback.models import AllocationView, ChildView, Complaint, Compliment, PodView, QuestionnaireRun
from services.feedback.queries import scope, view
from services.feedback.rules.items import ITEM_BANKS, Answer, Item
from services.feedback.rules.procedures import Procedure
from services.feedback.settings import FeedbackSettings
from shared.auth.principal import Principal
from shared.runtime.runner import ServiceRuntime
from shared.runtime.unit_of_work import UnitOfWork

YEARS = 2
STATUTORY_PER_MONTH = 6
"""A town of about 2,000 open children: English councils report roughly 60-120 statutory children's social care
complaints a year for a caseload of that size."""
CORPORATE_PER_MONTH = 2
COMPLIMENTS_PER_MONTH = 12
BATCH = 40

Mood = dict[uuid.UUID | None, float]
"""How each pod's children, families and staff feel, around the town's average."""


@dataclass(frozen=True, slots=True)
class Held:
    child_id: uuid.UUID
    pod_id: uuid.UUID
    worker_id: uuid.UUID
    start: date
    end: date


@dataclass
class Town:
    """What feedback's view knows of the town, ordered by the council's own identifiers (ids are random)."""

    today: date
    pods: list[uuid.UUID]
    held: list[Held]
    starts: list[date] = field(default_factory=list)

    def holding(self, day: date) -> list[Held]:
        return [h for h in self.held[: bisect_right(self.starts, day)] if h.end >= day]


async def load(runtime: ServiceRuntime, seed: int, *, today: date | None = None) -> None:
    """Writes the story into a feedback service that holds no complaint, compliment or run yet."""
    day = today or date.today()
    async with runtime.sessions() as session:
        if await _holds_anything(session):
            return
        town = await _town(session, day)
    if not town.held:
        return
    story = Story(runtime, town, random.Random(seed), FeedbackSettings())
    await story.complaints()
    await story.compliments()
    await story.questionnaires()


async def _holds_anything(session: AsyncSession) -> bool:
    for model in (Complaint, Compliment, QuestionnaireRun):
        if await session.scalar(sa.select(model.id).limit(1)) is not None:
            return True
    return False


async def _town(session: AsyncSession, today: date) -> Town:
    pods = list((await session.scalars(sa.select(PodView.pod_id).order_by(PodView.name))).all())
    rows = (
        await session.execute(
            sa.select(
                ChildView.la_child_id,
                AllocationView.child_id,
                AllocationView.pod_id,
                AllocationView.worker_id,
                AllocationView.start,
                AllocationView.end,
            )
            .join(ChildView, ChildView.child_id == AllocationView.child_id)
            .where(
                AllocationView.worker_id.is_not(None),
                AllocationView.pod_id.is_not(None),
                AllocationView.start.is_not(None),
                sa.or_(AllocationView.entered_in_error.is_(None), AllocationView.entered_in_error.is_(False)),
            )
        )
    ).all()
    ordered = sorted(rows, key=lambda r: (r.start, r.la_child_id or "", r.end or today))
    held = [Held(r.child_id, r.pod_id, r.worker_id, r.start, r.end or today) for r in ordered]
    return Town(today, pods, held, [h.start for h in held])


class Story:
    def __init__(self, runtime: ServiceRuntime, town: Town, rng: random.Random, settings: FeedbackSettings) -> None:
        self.runtime, self.town, self.rng, self.settings = runtime, town, rng, settings
        self.calendar = settings.calendar()
        self.first = town.today - timedelta(days=365 * YEARS)

    def _day(self, first: date | None = None, last: date | None = None) -> date:
        start, end = first or self.first, last or self.town.today
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))

    def _working_day(self, first: date | None = None, last: date | None = None) -> date:
        day = self._day(first, last)
        while not self.calendar.is_working_day(day):
            day -= timedelta(days=1)
        return day

    def _after(self, day: date, low: int, high: int) -> date:
        return self.calendar.add(day, self.rng.randint(low, high))

    def _holder(self, day: date) -> Held | None:
        holding = self.town.holding(day)
        return self.rng.choice(holding) if holding else None

    async def complaints(self) -> None:
        months = 12 * YEARS
        statutory, corporate = STATUTORY_PER_MONTH * months, CORPORATE_PER_MONTH * months
        kinds = ["statutory"] * statutory + ["corporate"] * corporate
        self.rng.shuffle(kinds)
        for first in range(0, len(kinds), BATCH):
            async with self.runtime.sessions() as session:
                uow = self.runtime.unit_of_work_for(session)
                for kind in kinds[first : first + BATCH]:
                    await self._complaint(uow, kind)
                await uow.commit()

    async def _complaint(self, uow: UnitOfWork, kind: str) -> None:
        rng, today = self.rng, self.town.today
        received = self._working_day(last=today - timedelta(days=1))
        held = self._holder(received)
        relation = rng.choices(["parent", "carer", "child", "advocate", "other"], [55, 15, 12, 10, 8])[0]
        new = complaints.NewComplaint(
            procedure=kind,
            received_on=received,
            channel=rng.choices(["email", "phone", "online_form", "letter", "in_person"], [35, 30, 20, 10, 5])[0],
            complainant_relation=relation,
            complainant_name=f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
            complainant_contact=f"01632 960{rng.randrange(1000):03d}",
            summary=rng.choice(CORPORATE_SUMMARIES if kind == "corporate" else SUMMARIES),
            themes=sorted(set(rng.sample(THEMES, rng.choice([1, 1, 2])))),
            child_id=held.child_id if held and kind == "statutory" else None,
            worker_id=held.worker_id if held and rng.random() < 0.4 else None,
            pod_id=rng.choice(self.town.pods) if kind == "corporate" else None,
            stage=2 if kind == "statutory" and rng.random() < 0.04 else 1,
        )
        complaint = await complaints.receive(uow, self.settings, new, today=today)
        procedure = self.settings.procedure(kind)
        acknowledged = self._after(received, 0, 3)
        if acknowledged > today:
            return
        await complaints.acknowledge(uow, self.settings, complaint, acknowledged, today=today)
        if rng.random() < 0.05:
            withdrawn = self._after(received, 1, 8)
            if withdrawn <= today:
                await complaints.withdraw(uow, complaint, withdrawn, today=today)
            return
        await self._through_stages(uow, complaint, procedure, new.stage, received)

    async def _through_stages(
        self, uow: UnitOfWork, complaint: Complaint, procedure: Procedure, stage: int, started: date
    ) -> None:
        """Answers each stage; some complainants ask for the next one; closes once the time to ask has passed."""
        rng, today = self.rng, self.town.today
        while True:
            answered = await self._answer(uow, complaint, procedure, stage, started)
            if answered is None:
                return
            responded, outcome = answered
            if outcome in ("upheld", "partly_upheld") and rng.random() < 0.6:
                await self._learn(uow, complaint, responded)
            last = stage >= procedure.last_stage
            if not last and rng.random() < (0.15 if stage == 1 else 0.3):
                requested = self._after(responded, 2, procedure.escalation_window - 1)
                if requested > today:
                    return
                await complaints.escalate(
                    uow, self.settings, complaint, requested_on=requested, late_reason=None, today=today
                )
                stage, started = stage + 1, requested
                continue
            closed = responded if last else self.calendar.add(responded, procedure.escalation_window + 1)
            if closed > today:
                return
            reason = "procedure_completed" if last else "resolved"
            await complaints.close(uow, self.settings, complaint, closed_on=closed, reason=reason, today=today)
            if complaint.procedure == "statutory" and last and rng.random() < 0.4:
                await self._ombudsman(uow, complaint, closed)
            return

    async def _answer(
        self, uow: UnitOfWork, complaint: Complaint, procedure: Procedure, stage: int, started: date
    ) -> tuple[date, str] | None:
        """Answers the stage (most in time, some after an agreed extension, some late); None if not yet."""
        rng, today, rule = self.rng, self.town.today, procedure.rule(stage)
        allowed = rule.working_days
        if rule.review_panel is not None:
            held = self._after(started, 10, rule.review_panel.meets_within)
            report = self._after(held, 1, rule.review_panel.reports_within)
            if report > today:
                return None
            await complaints.record_panel(uow, self.settings, complaint, held, today=today)
            await complaints.record_panel_report(uow, complaint, report, today=today)
            responded = self._after(report, 2, rule.review_panel.response_within + (5 if rng.random() < 0.2 else 0))
        else:
            if rule.extendable and rng.random() < 0.15:
                agreed = self.calendar.add(started, max(1, allowed - 3))
                if agreed > today:
                    return None
                allowed = min(rule.max_working_days, allowed + 10)
                await complaints.extend(
                    uow,
                    self.settings,
                    complaint,
                    agreed_on=agreed,
                    working_days=allowed,
                    reason=rng.choice(EXTENSION_REASONS),
                    today=today,
                )
            late = rng.random() < 0.2
            responded = self._after(started, allowed + 1, allowed + 8) if late else self._after(started, 3, allowed)
        if responded > today:
            return None
        outcome = rng.choices(["upheld", "partly_upheld", "not_upheld"], [25, 35, 40])[0]
        summary = rng.choice(RESPONSES)
        await complaints.respond(
            uow, self.settings, complaint, responded_on=responded, outcome=outcome, summary=summary, today=today
        )
        return responded, outcome

    async def _learn(self, uow: UnitOfWork, complaint: Complaint, agreed: date) -> None:
        today = self.town.today
        due = agreed + timedelta(days=self.rng.randint(28, 90))
        action = await learning.add_action(
            uow,
            complaint,
            action=self.rng.choice(LEARNING),
            agreed_on=agreed,
            due_on=due,
            owner_pod_id=complaint.pod_id,
            owner=self.rng.choice(["Pod manager", "Practice lead", "Head of service", "Business support lead"]),
            today=today,
        )
        completed = agreed + timedelta(days=self.rng.randint(14, 110))
        if completed <= today and self.rng.random() < 0.85:
            await learning.complete_action(uow, complaint, action, completed, today=today)

    async def _ombudsman(self, uow: UnitOfWork, complaint: Complaint, closed: date) -> None:
        today = self.town.today
        referred = closed + timedelta(days=self.rng.randint(20, 90))
        if referred > today:
            return
        await complaints.refer_to_ombudsman(uow, complaint, referred, today=today)
        decided = referred + timedelta(days=self.rng.randint(40, 160))
        if decided <= today:
            decision = self.rng.choices(
                ["upheld", "not_upheld", "closed_after_initial_enquiries", "referred_back_for_local_resolution"],
                [35, 20, 35, 10],
            )[0]
            await complaints.record_ombudsman_decision(
                uow, complaint, decided_on=decided, decision=decision, today=today
            )

    async def compliments(self) -> None:
        rng, today = self.rng, self.town.today
        count = COMPLIMENTS_PER_MONTH * 12 * YEARS
        for first in range(0, count, BATCH):
            async with self.runtime.sessions() as session:
                uow = self.runtime.unit_of_work_for(session)
                for _ in range(first, min(first + BATCH, count)):
                    received = self._day()
                    held = self._holder(received)
                    for_the_pod = held is None or rng.random() < 0.1
                    new = compliments.NewCompliment(
                        received_on=received,
                        from_relation=rng.choices(
                            ["parent", "carer", "child", "professional", "other"], [35, 25, 15, 20, 5]
                        )[0],
                        summary=rng.choice(PRAISE),
                        themes=sorted(set(rng.sample(PRAISE_THEMES, rng.choice([1, 2, 2, 3])))),
                        worker_ids=[] if for_the_pod or held is None else [held.worker_id],
                        pod_id=(held.pod_id if held else rng.choice(self.town.pods)) if for_the_pod else None,
                    )
                    pod_id = await compliments.pod_commended(uow, new)
                    await compliments.receive(uow, new, pod_id, today=today)
                await uow.commit()

    async def questionnaires(self) -> None:
        today = self.town.today
        mood: Mood = {pod: self.rng.uniform(-0.6, 0.6) for pod in self.town.pods}
        year_ago = today - timedelta(days=365)
        for start, lift in ((year_ago - timedelta(days=60), 0.0), (today - timedelta(days=60), 0.25)):
            await self._run("children_in_care_council", start, start + timedelta(days=42), 70, mood, lift, close=True)
        await self._run("parents", today - timedelta(days=20), today + timedelta(days=40), 35, mood, 0.0, close=False)
        await self._health_check(today - timedelta(days=56), today - timedelta(days=14), mood)

    async def _run(
        self,
        code: str,
        start: date,
        end: date,
        responses: int,
        mood: Mood,
        lift: float,
        *,
        close: bool,
    ) -> None:
        today, bank = self.town.today, ITEM_BANKS[code]
        async with self.runtime.sessions() as session:
            uow = self.runtime.unit_of_work_for(session)
            run = await questionnaires.start_run(uow, bank, title=None, period_start=start, period_end=end)
            await uow.flush()
            for _ in range(responses):
                answered = self._day(start, min(end, today))
                held = self._holder(answered)
                pod = held.pod_id if held else None
                answers = [
                    Answer(item.code, score=self._score(mood.get(pod, 0.0) + lift))
                    for item in bank.items
                    if self.rng.random() < 0.93
                ] or [Answer(bank.items[0].code, score=3)]
                await questionnaires.answer(
                    uow, run, answers=answers, pod_id=pod, answered_on=answered, participant=None, today=today
                )
            if close:
                await questionnaires.close_run(uow, run, end + timedelta(days=7), today=today)
            await uow.commit()

    async def _health_check(self, start: date, end: date, mood: Mood) -> None:
        """Staff answer for themselves, once each (remembered by a digest), most naming their pod."""
        today, bank = self.town.today, ITEM_BANKS["social_work_health_check"]
        staff = list(dict.fromkeys(h.worker_id for h in self.town.holding(start)))
        async with self.runtime.sessions() as session:
            uow = self.runtime.unit_of_work_for(session)
            run = await questionnaires.start_run(uow, bank, title=None, period_start=start, period_end=end)
            await uow.flush()
            for worker in staff:
                if self.rng.random() > 0.7:
                    continue
                pod = await view.pod_of_worker(uow, worker, start)
                answers = [self._staff_answer(item, mood.get(pod, 0.0)) for item in bank.items]
                shares = self._shares([item.code for item in bank.items if item.kind == "share_of_time"])
                me = Principal(subject=f"worker-{worker}", roles=frozenset(), pods=frozenset(), worker_id=worker)
                await questionnaires.answer(
                    uow,
                    run,
                    answers=[a for a in answers if a is not None] + shares,
                    pod_id=pod if self.rng.random() < 0.85 else None,
                    answered_on=self._day(start, end),
                    participant=scope.participation_digest(run, me),
                    today=today,
                )
            await questionnaires.close_run(uow, run, end + timedelta(days=3), today=today)
            await uow.commit()

    def _score(self, mood: float) -> int:
        return max(1, min(5, round(self.rng.gauss(3.7 + mood, 0.9))))

    def _staff_answer(self, item: Item, mood: float) -> Answer | None:
        if item.kind == "scale":
            return Answer(item.code, score=self._score(mood - 0.3))
        if item.kind == "yes_no":
            return Answer(item.code, yes=self.rng.random() < 0.55 + mood / 3)
        return None

    def _shares(self, codes: list[str]) -> list[Answer]:
        """Shares of time that add up to at most 100 per cent (some leave out what they cannot place)."""
        weights = [self.rng.uniform(0.5, 1.5) * typical for typical in (30, 35, 18, 9, 8)][: len(codes)]
        total = sum(weights) / self.rng.uniform(0.9, 1.0)
        return [Answer(code, percent=int(100 * weight / total)) for code, weight in zip(codes, weights, strict=True)]


THEMES = [
    "communication",
    "delay",
    "quality_of_service",
    "staff_conduct",
    "decision",
    "change_of_worker",
    "contact_arrangements",
    "placement",
    "information_sharing",
]
PRAISE_THEMES = ["listened", "kept_in_touch", "reliable", "explained_clearly", "made_a_difference", "continuity"]
GIVEN = ["Sam", "Alex", "Jo", "Chris", "Kerry", "Lee", "Dani", "Ash", "Robin", "Jamie", "Nicola", "Mo", "Priya"]
FAMILY = ["Hughes", "Khan", "Walker", "Edwards", "Morgan", "Begum", "Clarke", "Price", "Okafor", "Lewis", "Ward"]
SUMMARIES = [
    "Nobody returned my calls for two weeks while my child's plan was being changed.",
    "The social worker changed again without anyone telling us.",
    "Family time with my son was cancelled at short notice twice.",
    "The assessment got facts about our family wrong and they have been shared with the school.",
    "I disagree with the decision to move my daughter to a placement far from her school.",
    "The review meeting went ahead without my views being asked for.",
    "The worker was rude to me on a home visit.",
    "It has taken months to get a decision about my grandson's care.",
    "My letters to the pod have had no answer.",
]
CORPORATE_SUMMARIES = [
    "A car parked across my drive during a home visit next door.",
    "The duty line kept me on hold for forty minutes.",
    "I was sent a letter meant for another family.",
    "The office reception was closed during its published opening hours.",
]
RESPONSES = [
    "Apology given; a named worker will now ring back within two working days.",
    "The decision was explained at a meeting with the complainant and stands.",
    "The record has been corrected and the correction shared with those who had it.",
    "Family time has been rearranged with a back-up worker named for cancellations.",
    "The investigation found the worker acted in line with the plan; the complainant's concerns were noted.",
]
EXTENSION_REASONS = [
    "The complainant asked to meet before the answer.",
    "Records held by another council are needed.",
    "The worker concerned is on leave.",
]
LEARNING = [
    "Remind the pod to tell families within a day when their worker changes.",
    "Add a back-up worker to every family time plan.",
    "Check the accuracy of shared assessments in supervision.",
    "Return calls within two working days: track it in the pod's weekly meeting.",
    "Share the learning from this complaint at the practice forum.",
]
PRAISE = [
    "Thank you for listening to my son and not giving up on him.",
    "She kept us informed at every step, even when the news was hard.",
    "He explained the court process so I understood it.",
    "The team helped our family stay together.",
    "Our foster daughter says her social worker is the best she has had.",
    "Always did what she said she would do.",
    "A school's thanks for the quick and careful joint work this term.",
]
