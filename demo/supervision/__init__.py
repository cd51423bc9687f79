"""The synthetic council's supervision: twelve weeks of each pod's weekly group supervision, written through the
supervision service's own commands from its own view of the town (its read model of allocation's facts).

Each pod meets on its own weekday; the facilitator takes the top of the agenda (the rule the service applies), the
pod maps each case, scales it by voice, decides with a reason and sets actions; the session is signed off the
same day. Most actions are done, a few cancelled, some left overdue. Reflective practice groups meet monthly, and
each quarter a couple of cases per pod are audited. The same seed tells the same story.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa

from demo.supervision import words
from services.supervision.commands import actions, audits, discussions, reflective, sessions, sign_off
from services.supervision.models import Action, Child, Membership, Pod, Session, Worker
from services.supervision.queries.agenda import agenda_of
from services.supervision.queries.audits import audit_sample
from services.supervision.queries.view import memberships_on
from services.supervision.rules.agenda import AgendaItem
from services.supervision.rules.audits import quarter_of
from services.supervision.rules.schedule import meeting_days
from services.supervision.settings import SupervisionSettings
from shared.auth import Principal, Role
from shared.runtime.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from shared.runtime.runner import ServiceRuntime

WEEKS = 12
DISCUSSED_A_SESSION = 12
FACILITATOR = Principal("demo", frozenset({Role.pod_manager}), frozenset())
VOICES = ("worker", "pod", "parent")


@dataclass
class PodStaff:
    pod: Pod
    manager: uuid.UUID
    members: list[uuid.UUID]
    roles: dict[uuid.UUID, str] = field(default_factory=dict)


async def load(runtime: ServiceRuntime, seed: int) -> None:
    """Writes the story into a supervision service that holds no session yet."""
    async with runtime.unit_of_work() as uow:
        if await uow.session.scalar(sa.select(Session.id).limit(1)) is not None:
            return
        story = Story(uow, random.Random(seed), date.today(), SupervisionSettings())
        for staff in await _pods(uow, story.today):
            await story.supervise(staff)
        await story.reflect(await _pods(uow, story.today))
        await story.audit(await _pods(uow, story.today))


async def _pods(uow: UnitOfWork, today: date) -> list[PodStaff]:
    """Each pod with a manager (or a senior) today, by name, and its members in an order every run of a seed
    repeats (database ids are random): by registration number, role and the day they joined."""
    pods = list((await uow.session.scalars(sa.select(Pod).order_by(Pod.name, Pod.pod_id))).all())
    current = sa.or_(Membership.end_date.is_(None), Membership.end_date >= today)
    query = (
        sa.select(Membership, Worker.registration_number)
        .outerjoin(Worker, Worker.worker_id == Membership.worker_id)
        .where(current)
        .order_by(Worker.registration_number, Membership.role, Membership.start_date)
    )
    rows = (await uow.session.execute(query)).all()
    found = []
    for pod in pods:
        roles = {m.worker_id: m.role or "" for m, _ in rows if m.pod_id == pod.pod_id}
        lead = [w for w, role in roles.items() if role == "pod_manager"] or [
            w for w, role in roles.items() if role == "senior_social_worker"
        ]
        if lead:
            found.append(PodStaff(pod, lead[0], list(roles), roles))
    return found


@dataclass
class Story:
    uow: UnitOfWork
    rng: random.Random
    today: date
    settings: SupervisionSettings
    safety: dict[uuid.UUID, float] = field(default_factory=dict)

    async def supervise(self, staff: PodStaff) -> None:
        weekday = self.rng.randrange(5)
        since = self.today - timedelta(weeks=26)
        await sessions.set_schedule(
            self.uow,
            staff.pod.pod_id,
            weekday=weekday,
            starts_at=time(9 + self.rng.randrange(4)),
            every_weeks=1,
            since=since,
        )
        first = self.today - timedelta(weeks=WEEKS)
        for day in meeting_days(weekday, 1, since, first, self.today - timedelta(days=1)):
            await self._meet(staff, day)
            await self.uow.commit()
        await sessions.schedule_sessions(self.uow, staff.pod.pod_id, until=self.today + timedelta(weeks=4), by="demo")
        await self._follow_up_actions(staff)
        await self.uow.commit()

    async def _meet(self, staff: PodStaff, day: date) -> None:
        session = await sessions.schedule_session(
            self.uow, staff.pod.pod_id, kind="group", scheduled_for=day, starts_at=None, supervisee_id=None, by="demo"
        )
        if self.rng.random() < 0.04:
            await sessions.cancel(self.uow, session, reason="the pod was covering duty")
            return
        on_the_day = await memberships_on(self.uow, staff.members, day)
        members = [w for w in staff.members if w in on_the_day and on_the_day[w].pod_id == staff.pod.pod_id]
        if staff.manager not in members:
            await sessions.cancel(self.uow, session, reason="no manager to facilitate")
            return
        present = [w for w in members if w == staff.manager or self.rng.random() < 0.9]
        attendance = [sessions.Attendance(w, "facilitator" if w == staff.manager else "participant") for w in present]
        await sessions.hold(self.uow, session, held_on=day, attendance=attendance)
        agenda = await agenda_of(self.uow, FACILITATOR, staff.pod.pod_id, day, self.settings.agenda_policy(), session)
        discussed: set[uuid.UUID] = set()
        for item in agenda.items:
            if len(discussed) >= DISCUSSED_A_SESSION:
                break
            if item.case.child_id in discussed or item.case.holding.worker_id not in present:
                continue
            family = [i for i in agenda.items if _family(i) == _family(item) and i.case.child_id not in discussed]
            family = [i for i in family if i.case.holding.worker_id in present][:4]
            await discussions.record_discussion(self.uow, session, self._discussion(family, day, staff), by="demo")
            discussed.update(i.case.child_id for i in family)
        await sign_off.sign_off(self.uow, session, by="demo", worker_id=staff.manager)

    def _discussion(self, family: Sequence[AgendaItem], day: date, staff: PodStaff) -> discussions.DiscussionRecord:
        pick = self.rng.choice
        decision, rationale = pick(words.DECISIONS)
        scores, agreed = [], []
        for item in family:
            child = item.case.child_id
            level = self._safety(child)
            for voice in VOICES + (("child",) if self.rng.random() < 0.3 else ()):
                lean = {"pod": -1.0, "parent": 1.5, "child": 0.5}.get(voice, 0.0)
                score = round(min(10.0, max(0.0, level + lean + self.rng.gauss(0, 0.8))))
                scores.append(discussions.ScoreGiven(voice, score, "safety", child))
            owner = item.case.holding.worker_id or staff.manager
            for _ in range(1 + (self.rng.random() < 0.5)):
                due = day + timedelta(days=self.rng.randrange(7, 29))
                agreed.append(discussions.ActionAgreed(pick(words.ACTIONS), owner, due, child))
        return discussions.DiscussionRecord(
            children=[discussions.ChildDecision(item.case.child_id) for item in family],
            decision=decision,
            rationale=rationale,
            mapping=discussions.SafetyMapping(
                harm=pick(words.HARM),
                complicating_factors=pick(words.COMPLICATING),
                danger_statement=pick(words.DANGER),
                strengths=pick(words.STRENGTHS),
                existing_safety=pick(words.EXISTING_SAFETY),
                safety_goals=pick(words.SAFETY_GOALS),
                next_steps=pick(words.NEXT_STEPS),
                hypotheses=pick(words.HYPOTHESES),
            ),
            dissent=pick(words.DISSENT) if self.rng.random() < 0.08 else None,
            scores=scores,
            actions=agreed,
        )

    def _safety(self, child: uuid.UUID) -> float:
        """Each child's safety as the pod sees it, drifting from week to week; now and then it falls."""
        level = self.safety.get(child, self.rng.uniform(3, 7))
        level += -self.rng.uniform(2, 3.5) if self.rng.random() < 0.12 else self.rng.gauss(0.3, 0.7)
        self.safety[child] = min(9.5, max(0.5, level))
        return self.safety[child]

    async def _follow_up_actions(self, staff: PodStaff) -> None:
        """Most actions get done around their due date, a few are cancelled; some are left open past due."""
        query = (
            sa.select(Action)
            .join(Child, Child.child_id == Action.child_id)
            .where(Action.pod_id == staff.pod.pod_id, Action.status == "open")
            .order_by(Action.set_on, Child.la_child_id, Action.due_date, Action.description)
        )
        for action in (await self.uow.session.scalars(query)).all():
            roll = self.rng.random()
            day = action.due_date + timedelta(days=self.rng.randrange(-5, 8))
            day = max(action.set_on, day)
            if day >= self.today:
                continue
            if roll < 0.8:
                await actions.complete(self.uow, action, completed_on=day, note=None)
            elif roll < 0.85:
                await actions.cancel(self.uow, action, cancelled_on=day, reason="the plan changed")

    async def reflect(self, pods: list[PodStaff]) -> None:
        """A reflective practice group for every three pods, meeting every four weeks."""
        for first in range(0, len(pods), 3):
            group_pods = pods[first : first + 3]
            members = [w for staff in group_pods for w in staff.members]
            facilitator = group_pods[0].manager
            group = await reflective.create_group(
                self.uow,
                name=f"Reflective practice: {', '.join(s.pod.name or '' for s in group_pods)}",
                pod_id=group_pods[0].pod.pod_id if len(group_pods) == 1 else None,
                facilitator_id=facilitator,
                created_on=self.today - timedelta(weeks=WEEKS + 1),
            )
            for weeks_ago in range(WEEKS, 0, -4):
                held_on = self.today - timedelta(weeks=weeks_ago)
                presence = [reflective.Presence(w, self.rng.random() < 0.7) for w in members]
                presence[0] = reflective.Presence(presence[0].worker_id, True)
                await reflective.record_session(
                    self.uow, group, held_on=held_on, facilitator_id=facilitator, attendance=presence, by="demo"
                )
            await self.uow.commit()

    async def audit(self, pods: list[PodStaff]) -> None:
        """Two cases per pod in each of the last two quarters, audited by their worker with the pod manager."""
        for quarter_start in (self.today - timedelta(weeks=13), self.today):
            quarter = quarter_of(quarter_start)
            audited_on = min(self.today, quarter_start)
            for staff in pods:
                for child_id in await audit_sample(self.uow, staff.pod.pod_id, quarter, 2):
                    worker = self.rng.choice([w for w in staff.members if w != staff.manager] or [staff.manager])
                    if worker == staff.manager:
                        continue
                    await self._audit(child_id, quarter, audited_on, worker, staff.manager)
            await self.uow.commit()

    async def _audit(self, child: uuid.UUID, quarter: str, day: date, worker: uuid.UUID, manager: uuid.UUID) -> None:
        grades = {area: self.rng.choices(GRADES, WEIGHTS)[0] for area in self.rng.sample(AREAS, 5)}
        await audits.record_audit(
            self.uow,
            child_id=child,
            quarter=quarter,
            audited_on=day,
            worker_id=worker,
            manager_id=manager,
            grades=grades,
            overall_grade=self.rng.choices(GRADES, WEIGHTS)[0],
            themes=self.rng.sample(THEMES, 2),
            done_well=self.rng.choice(words.AUDIT_DONE_WELL),
            must_improve=self.rng.choice(words.AUDIT_MUST_IMPROVE),
            by="demo",
        )


GRADES = ("outstanding", "good", "requires_improvement", "inadequate")
WEIGHTS = (1, 6, 3, 1)
AREAS = ("assessment", "planning", "child_voice", "identity", "relationships", "management_oversight", "recording")
THEMES = ("relationship_based_practice", "identity_needs", "progress_of_plan", "child_voice", "drift_and_delay")


def _family(item: AgendaItem) -> uuid.UUID:
    return item.case.family_id or item.case.child_id
