"""Who may see and act on what, in one place: a route asks here for the child, entry, case, person or pod it acts
on, and gets it only if the caller's role and pods allow; the read or write is written to the audit trail, which
is each child's access log.

Scope follows who holds the child (records' view of allocation): a pod's staff and managers see the children their
pod holds (for a closed case, the pod that held it last); a worker also sees the children they hold or cover today;
heads of service, council systems and auditors see every child. A draft is its author's until completed (their
managers may read it); an entry entered in error is hidden from all but auditors and managers.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import date

import sqlalchemy as sa

from services.records.models import Entry, Holder, KnownCase, KnownChild, KnownCover, Person
from services.records.queries import view
from services.records.rules.entries import BUSINESS_SUPPORT_MAY_WRITE
from shared.auth import Principal, Role
from shared.auth.principal import POD_STAFF
from shared.problems import Forbidden, NotFound
from shared.runtime.http import check_if_match
from shared.runtime.unit_of_work import AuditAction, UnitOfWork

EVERY_CHILD = frozenset({Role.head_of_service, Role.system, Role.auditor})
REVIEWERS = frozenset({Role.auditor, Role.head_of_service, Role.pod_manager})


def sees_every_child(principal: Principal) -> bool:
    return principal.has_any(EVERY_CHILD)


async def visible(uow: UnitOfWork, principal: Principal, child_ids: Collection[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these children the caller may see."""
    if sees_every_child(principal):
        return set(child_ids)
    holders = await view.holders(uow, child_ids)
    seen = {
        child_id
        for child_id, holder in holders.items()
        if holder.pod_id in principal.pods or (principal.worker_id and holder.worker_id == principal.worker_id)
    }
    rest = set(child_ids) - seen
    if rest and principal.worker_id is not None:
        for cover in await view.covering(uow, principal.worker_id, date.today()):
            for child_id in list(rest):
                holder = holders.get(child_id)
                if holder is None:
                    continue
                if cover.case_id == holder.case_id or (cover.case_id is None and cover.worker_id == holder.worker_id):
                    seen.add(child_id)
                    rest.discard(child_id)
    return seen


def visible_children(principal: Principal) -> sa.Select[uuid.UUID] | None:
    """The children the caller may see, as a query to filter by; None when they may see every child."""
    if sees_every_child(principal):
        return None
    queries = [sa.select(Holder.child_id).where(Holder.pod_id.in_(principal.pods))]
    if principal.worker_id is not None:
        today = date.today()
        covering = sa.and_(
            KnownCover.covering_worker_id == principal.worker_id,
            KnownCover.start <= today,
            sa.func.coalesce(KnownCover.ended, KnownCover.planned_end, today) >= today,
        )
        queries += [
            sa.select(Holder.child_id).where(Holder.worker_id == principal.worker_id),
            sa.select(Holder.child_id).join(KnownCover, KnownCover.case_id == Holder.case_id).where(covering),
            sa.select(Holder.child_id)
            .join(KnownCover, sa.and_(KnownCover.worker_id == Holder.worker_id, KnownCover.case_id.is_(None)))
            .where(covering),
        ]
    return sa.select(sa.union(*queries).subquery().c[0])


async def child_for(
    uow: UnitOfWork, principal: Principal, child_id: uuid.UUID, action: AuditAction, resource: str = ""
) -> KnownChild:
    """The child, if the caller may see them; audited (the child's access log)."""
    child = await uow.session.get(KnownChild, child_id)
    if child is None:
        raise NotFound(f"records knows no child {child_id}", field="child_id")
    if not await visible(uow, principal, [child_id]):
        raise Forbidden("this child is held by another pod", field="child_id")
    uow.audit(principal, action, f"child/{child_id}{resource}", child_id)
    return child


async def holder_of(uow: UnitOfWork, child_id: uuid.UUID) -> Holder | None:
    return await uow.session.get(Holder, child_id)


async def manages(uow: UnitOfWork, principal: Principal, child_ids: Collection[uuid.UUID]) -> bool:
    """A head of service, or a pod manager of a pod holding one of these children."""
    if principal.has_any({Role.head_of_service}):
        return True
    if not principal.has_any({Role.pod_manager}):
        return False
    return any(holder.pod_id in principal.pods for holder in (await view.holders(uow, child_ids)).values())


async def entry_for(
    uow: UnitOfWork,
    principal: Principal,
    entry_id: uuid.UUID,
    action: AuditAction,
    resource: str = "",
    *,
    if_match: str | None = None,
    if_match_required: bool = False,
) -> Entry:
    """The entry, if the caller may see one of its children (and its draft, or its mistake); audited. A write loads
    it locked, so two edits of one draft queue, and the second finds the version moved on (412)."""
    writing = action == "write"
    entry = await uow.session.get(Entry, entry_id, with_for_update=writing, populate_existing=writing)
    if entry is None:
        raise NotFound(f"no entry {entry_id}", field="entry_id")
    children = [s.subject_id for s in entry.children()]
    if not await visible(uow, principal, children):
        raise Forbidden("this entry is about children held by another pod", field="entry_id")
    if entry.entered_in_error and not (principal.has_any({Role.auditor}) or await manages(uow, principal, children)):
        raise NotFound(f"entry {entry_id} was entered in error", field="entry_id")
    if entry.is_draft and entry.author != principal.subject and not await manages(uow, principal, children):
        raise Forbidden("a draft is its author's until it is completed", field="entry_id")
    check_if_match(if_match, entry.version, what="the entry", required=if_match_required)
    uow.audit(principal, action, f"entry/{entry.id}{resource}", *children)
    return entry


def require_author(principal: Principal, entry: Entry) -> None:
    if entry.author != principal.subject:
        raise Forbidden("only its author edits or completes a draft", field="entry_id")


async def require_author_or_manager(uow: UnitOfWork, principal: Principal, entry: Entry) -> None:
    if entry.author != principal.subject and not await manages(
        uow, principal, [s.subject_id for s in entry.children()]
    ):
        raise Forbidden("the entry's author or the child's pod manager marks it entered in error", field="entry_id")


def require_may_write(principal: Principal, entry_type: str) -> None:
    """Business support officers record correspondence; the other pod roles write every kind."""
    writers = {*POD_STAFF, Role.pod_manager, Role.head_of_service} - {Role.business_support}
    if not principal.has_any(writers) and entry_type not in BUSINESS_SUPPORT_MAY_WRITE:
        raise Forbidden("business support records correspondence", field="entry_type")


async def require_children_in_scope(
    uow: UnitOfWork, principal: Principal, child_ids: list[uuid.UUID], *, field: str = "children"
) -> None:
    """Every child an entry would name must be one the caller may see: naming a child of another pod is refused."""
    seen = await visible(uow, principal, child_ids)
    for index, child_id in enumerate(child_ids):
        if child_id not in seen and await uow.session.get(KnownChild, child_id) is not None:
            raise Forbidden("this child is held by another pod", field=f"{field}.{index}.child_id")


async def require_family_in_scope(
    uow: UnitOfWork, principal: Principal, family_id: uuid.UUID, *, field: str = "family_id"
) -> None:
    """Every child of the family must be one the caller may see (an unknown family is refused by the command)."""
    family = [child.child_id for child in await view.family_of(uow, family_id)]
    if len(await visible(uow, principal, family)) < len(family):
        raise Forbidden("a child of this family is held by another pod", field=field)


async def case_for(
    uow: UnitOfWork, principal: Principal, case_id: uuid.UUID, action: AuditAction, resource: str = ""
) -> KnownCase:
    case = await uow.session.get(KnownCase, case_id)
    if case is None or case.child_id is None:
        raise NotFound(f"records knows no case {case_id}", field="case_id")
    if not await visible(uow, principal, [case.child_id]):
        raise Forbidden("this case is held by another pod", field="case_id")
    uow.audit(principal, action, f"case/{case_id}{resource}", case.child_id)
    return case


async def person_for(
    uow: UnitOfWork, principal: Principal, person_id: uuid.UUID, action: AuditAction, resource: str = ""
) -> Person:
    """An adult, if the caller may see a child of a family the person is linked to (or a child of an entry that
    names them)."""
    person = await uow.session.get(Person, person_id)
    if person is None:
        raise NotFound(f"no person {person_id}", field="person_id")
    if not sees_every_child(principal):
        families = [link.family_id for link in person.links]
        children = list(
            (await uow.session.scalars(sa.select(KnownChild.child_id).where(KnownChild.family_id.in_(families)))).all()
        )
        if not await visible(uow, principal, children) and person.recorded_by != principal.subject:
            raise Forbidden("this person is linked to children held by another pod", field="person_id")
    uow.audit(principal, action, f"person/{person.id}{resource}")
    return person


def require_pod(principal: Principal, pod_id: uuid.UUID) -> None:
    if not (sees_every_child(principal) or pod_id in principal.pods):
        raise Forbidden("you see only your own pods", field="pod_id")


async def require_case_in_scope(uow: UnitOfWork, principal: Principal, case_id: uuid.UUID) -> None:
    """A case the caller names must be held by their pods (an unknown case is refused by the command)."""
    case = await uow.session.get(KnownCase, case_id)
    if case is not None and case.child_id is not None and not await visible(uow, principal, [case.child_id]):
        raise Forbidden("this case is held by another pod", field="case_id")


async def require_manager_of(uow: UnitOfWork, principal: Principal, case: KnownCase) -> None:
    if case.child_id is None or not await manages(uow, principal, [case.child_id]):
        raise Forbidden("the case's pod manager sets this", field="case_id")


async def require_export(uow: UnitOfWork, principal: Principal, child_ids: Collection[uuid.UUID]) -> None:
    """A subject access export is for auditors, heads of service, and the pod manager of the child's pod."""
    if principal.has_any({Role.auditor}) or not child_ids or await manages(uow, principal, child_ids):
        return
    raise Forbidden("a subject access export is for the child's pod manager, a head of service or an auditor")


async def require_log_reader(uow: UnitOfWork, principal: Principal, child_id: uuid.UUID) -> None:
    """The access log is for auditors and the child's pod manager."""
    if principal.has_any({Role.auditor}):
        return
    if not (principal.has_any({Role.pod_manager}) and await manages(uow, principal, [child_id])):
        raise Forbidden("the access log is for the child's pod manager and auditors", field="child_id")
