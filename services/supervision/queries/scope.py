"""Who may see and act on what, in one place: a route asks here for the pod, session, discussion, action, child,
group or audit it acts on, and gets it only if the caller's role and pods allow; the read or write is audited.

Supervision records follow the pod: its staff act on its sessions, heads of service read every pod's. A child is
seen by the staff of the pod holding the child's case (or, for a closed case, of the pod that held it last).
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa

from services.supervision.models import Action, CaseAudit, DiscussedChild, Discussion, ReflectiveGroup, Session
from services.supervision.queries.view import child_known, child_pod
from shared.auth import Principal, Role
from shared.problems import Forbidden, NotFound
from shared.runtime.http import check_if_match
from shared.runtime.unit_of_work import AuditAction, UnitOfWork


def require_pod(principal: Principal, pod_id: uuid.UUID | None, field: str = "pod_id") -> None:
    if not principal.can_see_pod(pod_id):
        raise Forbidden("this belongs to another pod", field=field)


def pod_for(uow: UnitOfWork, principal: Principal, pod_id: uuid.UUID, action: AuditAction, resource: str) -> uuid.UUID:
    require_pod(principal, pod_id)
    uow.audit(principal, action, f"pod/{pod_id}{resource}")
    return pod_id


def counted_pods(principal: Principal, pod_id: uuid.UUID | None) -> set[uuid.UUID] | None:
    """The pods whose counts the caller sees (None: every pod): analysts and heads of service every pod's, a pod
    manager their own pods'."""
    if principal.has_any({Role.head_of_service, Role.performance_analyst}):
        return {pod_id} if pod_id is not None else None
    if pod_id is not None:
        require_pod(principal, pod_id)
        return {pod_id}
    return set(principal.pods)


async def children_of_session(uow: UnitOfWork, session_id: uuid.UUID) -> list[uuid.UUID]:
    query = sa.select(DiscussedChild.child_id).where(DiscussedChild.session_id == session_id)
    return list((await uow.session.scalars(query)).all())


async def session_for(
    uow: UnitOfWork,
    principal: Principal,
    session_id: uuid.UUID,
    action: AuditAction,
    resource: str = "",
    *,
    if_match: str | None = None,
) -> Session:
    """The session, if the caller's pod is the session's (and, given `If-Match`, it is still that version); the
    read or write is audited against each child discussed in it."""
    session = await uow.session.get(Session, session_id)
    if session is None:
        raise NotFound(f"no session {session_id}", field="session_id")
    require_pod(principal, session.pod_id, "session_id")
    check_if_match(if_match, session.version, what="the session")
    uow.audit(principal, action, f"session/{session.id}{resource}", *await children_of_session(uow, session.id))
    return session


async def discussion_for(
    uow: UnitOfWork,
    principal: Principal,
    discussion_id: uuid.UUID,
    action: AuditAction,
    *,
    if_match: str | None = None,
) -> tuple[Discussion, Session]:
    discussion = await uow.session.get(Discussion, discussion_id)
    if discussion is None:
        raise NotFound(f"no discussion {discussion_id}", field="discussion_id")
    require_pod(principal, discussion.pod_id, "discussion_id")
    check_if_match(if_match, discussion.version, what="the discussion")
    session = await uow.session.get(Session, discussion.session_id)
    assert session is not None, "a discussion belongs to a session"
    query = sa.select(DiscussedChild.child_id).where(DiscussedChild.discussion_id == discussion.id)
    uow.audit(principal, action, f"discussion/{discussion.id}", *(await uow.session.scalars(query)).all())
    return discussion, session


async def child_for(
    uow: UnitOfWork, principal: Principal, child_id: uuid.UUID, action: AuditAction, resource: str
) -> uuid.UUID:
    """The child, if the caller's pod holds (or last held) the child's case; heads of service see every child."""
    if not await child_known(uow, child_id):
        raise NotFound(f"no child {child_id}", field="child_id")
    if not principal.service_wide and not principal.can_see_pod(await child_pod(uow, child_id)):
        raise Forbidden("this child's case belongs to another pod", field="child_id")
    uow.audit(principal, action, f"child/{child_id}{resource}", child_id)
    return child_id


async def action_for(
    uow: UnitOfWork, principal: Principal, action_id: uuid.UUID, action: AuditAction, *, if_match: str | None = None
) -> Action:
    """An action, for the staff of the pod that set it or of the pod holding the child now."""
    found = await uow.session.get(Action, action_id)
    if found is None:
        raise NotFound(f"no action {action_id}", field="action_id")
    if not principal.can_see_pod(found.pod_id) and not principal.can_see_pod(await child_pod(uow, found.child_id)):
        raise Forbidden("this action belongs to another pod", field="action_id")
    check_if_match(if_match, found.version, what="the action")
    uow.audit(principal, action, f"action/{found.id}", found.child_id)
    return found


def may_sign_off(principal: Principal, session: Session) -> bool:
    """The pod manager, or the worker who facilitated the session."""
    manager = principal.has_any({Role.pod_manager}) and principal.can_see_pod(session.pod_id)
    facilitator = principal.worker_id is not None and principal.worker_id == session.facilitator_id
    return manager or facilitator


async def group_for(uow: UnitOfWork, principal: Principal, group_id: uuid.UUID, action: AuditAction) -> ReflectiveGroup:
    """A pod's reflective practice group is its staff's; a group across pods is every pod's staff's to read, and a
    head of service's to run."""
    group = await uow.session.get(ReflectiveGroup, group_id)
    if group is None:
        raise NotFound(f"no reflective practice group {group_id}", field="group_id")
    if group.pod_id is not None:
        require_pod(principal, group.pod_id, "group_id")
    elif action == "write" and not principal.service_wide:
        raise Forbidden("a group across pods is run by a head of service", field="group_id")
    uow.audit(principal, action, f"reflective-group/{group.id}")
    return group


async def case_audit_for(uow: UnitOfWork, principal: Principal, audit_id: uuid.UUID) -> CaseAudit:
    found = await uow.session.get(CaseAudit, audit_id)
    if found is None:
        raise NotFound(f"no case audit {audit_id}", field="audit_id")
    if not principal.can_see_pod(found.pod_id) and not principal.can_see_pod(await child_pod(uow, found.child_id)):
        raise Forbidden("this case audit belongs to another pod", field="audit_id")
    uow.audit(principal, "read", f"case-audit/{found.id}", found.child_id)
    return found
