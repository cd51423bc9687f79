"""The synthetic council's stories: eight weeks of recording for every open child of the town, written through the
records service's own commands, read from records' own view of allocation (as it would be in production).

Visits at each child's statutory rhythm (siblings held by one worker visited together, some children stretched
past their due date, a few visits unsuccessful), case summaries about every four weeks (some late), notes,
correspondence and family-level facts, adults around each family, a few entries entered in error and drafts left
unfinished. The same seed tells the same story.
"""

from __future__ import annotations

import dataclasses
import random
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from demo.allocation.council import FAMILY_NAMES, GIVEN_NAMES
from services.records.commands import entries, people
from services.records.commands.content import ChildOnEntry, EntryContent
from services.records.models import Entry, Holder, KnownCase, KnownChild, KnownMembership, KnownStatus
from services.records.rules.entries import MAX_SUBJECTS
from services.records.settings import RecordsSettings
from shared.auth import Principal, Role
from shared.runtime.runner import ServiceRuntime
from shared.runtime.unit_of_work import UnitOfWork

WEEKS = 8
BATCH = 150
# Days between visits, by the most demanding status (before a stretch): within 10 working days for a child
# protection plan, 6 weeks for a looked-after child, 20 working days for a child in need.
RHYTHM = {"CP": (7, 13), "CLA": (26, 40), "CIN": (17, 27)}
STRETCHED = 0.08
SEEN_AT = {"CP": ("home", "home", "school"), "CLA": ("placement", "placement", "school"), "CIN": ("home", "school")}
MOODS = (
    "was cheerful and chatty",
    "was quiet at first and warmed up over a game",
    "seemed tired; said they had been up late",
    "showed me their drawings and a certificate from school",
    "talked about their friends and football",
    "was upset about contact being cancelled",
)
HOMES = (
    "The home was warm and tidy, with food in the fridge.",
    "The kitchen was cluttered and the bins had not been emptied.",
    "There were new bunk beds in the children's room.",
    "Mum said money is tight this month; we talked about the food bank.",
    "The carers have settled the routine around school runs.",
)
NEXT = (
    "I will visit again within the plan's timescale.",
    "I will ring the school about attendance.",
    "I will chase the health visitor for the developmental check.",
    "I will book the next core group.",
)


@dataclass
class Child:
    child_id: uuid.UUID
    la_child_id: str
    born: date | None
    family_id: uuid.UUID
    case_id: uuid.UUID
    referral: date
    pod_id: uuid.UUID
    worker_id: uuid.UUID
    sex: str | None = None
    # As the worker and the pod's business support officer would sign in to the portal (None: the pod has none).
    worker_role: Role = Role.social_worker
    business_support_id: uuid.UUID | None = None
    family_size: int = 1
    statuses: list[tuple[str, date, date | None]] = field(default_factory=list)

    def open_status(self, day: date) -> str | None:
        kinds = {kind for kind, start, end in self.statuses if start <= day and (end is None or end >= day)}
        return next((kind for kind in ("CP", "CLA", "CIN") if kind in kinds), None)


async def load(runtime: ServiceRuntime, seed: int) -> None:
    """Writes the stories once, into a records service that holds no entry yet."""
    async with runtime.sessions() as session:
        if await session.scalar(sa.select(Entry.id).limit(1)) is not None:
            return
        children = await _open_children(session)
    rng = random.Random(seed)
    today = date.today()
    settings = RecordsSettings()
    writes = sorted(_stories(children, rng, today), key=lambda w: (w[0], w[2].title))
    async with runtime.sessions() as session:
        uow = runtime.unit_of_work_for(session)
        mothers = await _people(uow, children, rng)
        await uow.commit()
        for index, (day, author, content, ending) in enumerate(writes, start=1):
            if content.entry_type in ("note", "correspondence") and content.children and rng.random() < 0.2:
                mother = mothers.get(children[content.children[0].child_id].family_id)
                content = _naming(content, mother)
            await _write(uow, settings, rng, author, content, ending, today - day)
            if index % BATCH == 0:
                await uow.commit()
        await uow.commit()


async def _open_children(session: AsyncSession) -> dict[uuid.UUID, Child]:
    rows = await session.execute(
        sa.select(KnownChild, Holder, KnownCase)
        .join(Holder, Holder.child_id == KnownChild.child_id)
        .join(KnownCase, KnownCase.case_id == Holder.case_id)
        .where(Holder.case_open.is_(True), Holder.worker_id.is_not(None), KnownCase.referral_date.is_not(None))
        .order_by(KnownChild.la_child_id)
    )
    children = {}
    for known, holder, case in rows.all():
        if holder.case_id and case.referral_date and holder.pod_id and holder.worker_id:
            children[known.child_id] = Child(
                known.child_id,
                known.la_child_id or "",
                known.date_of_birth,
                known.family_id or known.child_id,
                holder.case_id,
                case.referral_date,
                holder.pod_id,
                holder.worker_id,
                known.sex,
            )
    await _staff(session, children)
    sizes = dict(
        (await session.execute(sa.select(KnownChild.family_id, sa.func.count()).group_by(KnownChild.family_id))).all()
    )
    for child in children.values():
        child.family_size = sizes.get(child.family_id, 1)
    statuses = await session.scalars(sa.select(KnownStatus).where(KnownStatus.child_id.in_(children)))
    for status in statuses.all():
        if status.child_id in children and status.kind and status.start:
            children[status.child_id].statuses.append((status.kind, status.start, status.end))
    return children


async def _staff(session: AsyncSession, children: dict[uuid.UUID, Child]) -> None:
    """Each child's worker's role in the child's pod, and the pod's business support officer, from records' view of
    allocation's pod memberships (those still open)."""
    today = date.today()
    rows = await session.execute(
        sa.select(KnownMembership.pod_id, KnownMembership.worker_id, KnownMembership.role)
        .where(sa.or_(KnownMembership.end.is_(None), KnownMembership.end >= today))
        .order_by(KnownMembership.start, KnownMembership.membership_id)
    )
    roles: dict[tuple[uuid.UUID | None, uuid.UUID | None], str | None] = {}
    support: dict[uuid.UUID, uuid.UUID] = {}
    for pod_id, worker_id, role in rows.all():
        roles.setdefault((pod_id, worker_id), role)
        if role == Role.business_support and pod_id and worker_id:
            support.setdefault(pod_id, worker_id)
    known = {role.value for role in Role}
    for child in children.values():
        role = roles.get((child.pod_id, child.worker_id))
        child.worker_role = Role(role) if role in known and role != Role.business_support else Role.social_worker
        child.business_support_id = support.get(child.pod_id)


Write = tuple[date, Principal, EntryContent, str]
"""(day, author, content, ending): ending is "complete", "draft" or "in_error"."""


def _worker(child: Child) -> Principal:
    """The child's worker as the portal signs them in: the token's subject is their worker id, which is how records
    names an entry's author and lets them edit their drafts, and how the portal shows "Recorded by" (or "you")."""
    return _signed_in(child.worker_id, child.worker_role, child.pod_id)


def _business_support(child: Child) -> Principal:
    """The pod's business support officer (the child's worker where records knows none in the pod)."""
    if child.business_support_id is None:
        return _worker(child)
    return _signed_in(child.business_support_id, Role.business_support, child.pod_id)


def _signed_in(worker_id: uuid.UUID, role: Role, pod_id: uuid.UUID) -> Principal:
    return Principal(subject=str(worker_id), roles=frozenset({role}), pods=frozenset({pod_id}), worker_id=worker_id)


def _stories(children: dict[uuid.UUID, Child], rng: random.Random, today: date) -> Iterator[Write]:
    start = today - timedelta(weeks=WEEKS)
    groups: dict[tuple[uuid.UUID, uuid.UUID], list[Child]] = defaultdict(list)
    for child in children.values():
        groups[(child.family_id, child.worker_id)].append(child)
    for group in groups.values():
        yield from _visits(group, rng, start, today)
        for child in group:
            yield from _summaries(child, rng, start, today)
        yield from _notes(group, rng, start, today)


def _visits(group: list[Child], rng: random.Random, start: date, today: date) -> Iterator[Write]:
    earliest = max(start, *(c.referral for c in group))
    stretch = 1.8 if rng.random() < STRETCHED else 1.0
    day = earliest + timedelta(days=rng.randint(0, 6))
    while day <= today:
        status = next((s for s in ("CP", "CLA", "CIN") if any(c.open_status(day) == s for c in group)), None)
        if status is None:
            day += timedelta(days=7)
            continue
        unsuccessful = rng.random() < 0.05
        kind = "unsuccessful" if unsuccessful else rng.choice(SEEN_AT[status])
        seen = [_seen(child, day, rng, unsuccessful) for child in group]
        text = (
            "Nobody answered the door; I left a card asking mum to ring me."
            if unsuccessful
            else f"{_who(group)} {rng.choice(MOODS)}. {rng.choice(HOMES)} {rng.choice(NEXT)}"
        )
        content = EntryContent(
            entry_type="visit",
            occurred_on=day,
            title=f"{'Unsuccessful visit' if unsuccessful else kind.capitalize() + ' visit'}",
            text=text,
            purpose={"CP": "Child protection plan visit", "CLA": "Statutory visit to a looked-after child"}.get(
                status, "Child in need visit"
            ),
            children=tuple(seen),
            visit_kind=kind,
            serves_status=status,
        )
        yield day, _worker(group[0]), content, "complete"
        low, high = RHYTHM[status]
        day += timedelta(days=2 if unsuccessful else round(rng.randint(low, high) * stretch))


def _who(group: list[Child]) -> str:
    """The start of a visit's note as a worker writes it: records' view of allocation's children holds no names, so
    the child is "she" or "he" (never the council's id), and brothers and sisters are seen together."""
    if len(group) == 1:
        return {"F": "She", "M": "He"}.get(group[0].sex or "", "The child")
    together = "Saw both children together" if len(group) == 2 else f"Saw all {len(group)} children together"
    return f"{together}; the eldest"


def _seen(child: Child, day: date, rng: random.Random, unsuccessful: bool) -> ChildOnEntry:
    if unsuccessful:
        return ChildOnEntry(child.child_id, False, False, "nobody was at home")
    if rng.random() < 0.04:
        return ChildOnEntry(child.child_id, False, False, "at a friend's house for the afternoon")
    young = child.born is not None and (day - child.born).days < 4 * 365
    if young:
        return ChildOnEntry(child.child_id, True, False, None, "too young to be seen alone")
    if rng.random() < 0.15:
        return ChildOnEntry(child.child_id, True, False, None, "did not want to talk without mum there")
    return ChildOnEntry(child.child_id, True, True)


def _summaries(child: Child, rng: random.Random, start: date, today: date) -> Iterator[Write]:
    day = max(start, child.referral) + timedelta(days=rng.randint(20, 30))
    while day <= today:
        content = EntryContent(
            entry_type="case_summary",
            occurred_on=day,
            title=f"Case summary, {day:%B %Y}",
            purpose="Four-weekly case summary",
            case_id=child.case_id,
            happened=f"Visits kept to the plan. {rng.choice(HOMES)}",
            analysis=rng.choice(
                (
                    "The worries are reducing: the family engages and the child is safer.",
                    "Progress is slow; neglect remains the main worry and the plan needs tightening.",
                    "The placement is stable and the child is thriving at school.",
                )
            ),
            next_steps=rng.choice(NEXT),
        )
        yield day, _worker(child), content, "complete"
        day += timedelta(days=28 + (rng.randint(7, 16) if rng.random() < 0.1 else rng.randint(-3, 3)))


def _notes(group: list[Child], rng: random.Random, start: date, today: date) -> Iterator[Write]:
    lead = group[0]
    earliest = max(start, *(c.referral for c in group))
    if earliest >= today:
        return
    day = earliest + timedelta(days=rng.randint(0, (today - earliest).days))
    # A family-level note names every child of the family records knows, so only where they fit on one entry.
    family = len(group) > 1 and lead.family_size <= MAX_SUBJECTS and rng.random() < 0.5
    yield (
        day,
        _worker(lead),
        EntryContent(
            entry_type="note",
            occurred_on=day,
            title="Family update" if family else "Call from school",
            text="Mum rang: the family moves to the new flat next month."
            if family
            else "The school says attendance has improved to 94% this half term.",
            significant=family and rng.random() < 0.3,
            children=() if family else (ChildOnEntry(lead.child_id),),
            family_id=lead.family_id if family else None,
        ),
        "draft" if rng.random() < 0.03 else "in_error" if rng.random() < 0.01 else "complete",
    )
    if rng.random() < 0.3:
        yield (
            day,
            _business_support(lead),
            EntryContent(
                entry_type="correspondence",
                occurred_on=day,
                title="Letter to the family",
                text="Letter sent confirming the date of the review conference.",
                children=tuple(ChildOnEntry(child.child_id) for child in group),
            ),
            "complete",
        )


async def _write(
    uow: UnitOfWork,
    settings: RecordsSettings,
    rng: random.Random,
    author: Principal,
    content: EntryContent,
    ending: str,
    age: timedelta,
) -> None:
    # Typing began some minutes before completion (and, for a draft left unfinished, days ago).
    minutes = rng.randint(8, 75) if content.entry_type != "case_summary" else rng.randint(30, 140)
    started = datetime.now(UTC) - (min(age, timedelta(days=20)) if ending == "draft" else timedelta(minutes=minutes))
    entry = await entries.write_entry(uow, author, content, settings, complete=ending != "draft", started_at=started)
    if ending == "in_error":
        await entries.enter_in_error(uow, entry, author, "Recorded against the wrong family")


async def _people(uow: UnitOfWork, children: dict[uuid.UUID, Child], rng: random.Random) -> dict[uuid.UUID, uuid.UUID]:
    """A mother for most families (a father for some, a health visitor or teacher for others)."""
    mothers: dict[uuid.UUID, uuid.UUID] = {}
    # By the council's own child numbers: database ids are random, and the same seed must name the same people.
    families = sorted(((c.family_id, c.child_id) for c in children.values()), key=lambda f: children[f[1]].la_child_id)
    seen: set[uuid.UUID] = set()
    for family_id, child_id in families:
        if family_id in seen:
            continue
        seen.add(family_id)
        author = _business_support(children[child_id])
        mother = await people.record_person(
            uow, author, given_name=rng.choice(GIVEN_NAMES), family_name=rng.choice(FAMILY_NAMES),
            date_of_birth=None, organisation=None, contact=None, links=[people.Link(family_id, "mother")],
        )  # fmt: skip
        mothers[family_id] = mother.id
        if rng.random() < 0.25:
            await people.record_person(
                uow, author, given_name="Health", family_name="Visitor", date_of_birth=None,
                organisation="Riverside Surgery", contact="01632 960000",
                links=[people.Link(family_id, "health_visitor")],
            )  # fmt: skip
    return mothers


def _naming(content: EntryContent, person: uuid.UUID | None) -> EntryContent:
    return content if person is None else dataclasses.replace(content, people=(person,))
