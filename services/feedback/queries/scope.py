"""Who may see and act on what, in one place: a route asks here for the complaint, compliment, action or run it acts
on, and gets it only if the caller's role and pods allow; reads and writes of a child's complaint are audited.

- The feedback team and heads of service and council systems see every complaint; only the feedback team sees who
  complained (`sees_complainant`).
- Pod staff and managers see the complaints about their pods (a complaint about no pod is the feedback team's),
  and their pods' compliments.
- Questionnaire responses are anonymous: whoever answers is never recorded with the answers.
"""

from __future__ import annotations

import hashlib
import uuid

from services.feedback.models import Complaint, Compliment, LearningAction, QuestionnaireRun
from shared.auth import Principal, Role
from shared.auth.principal import POD_STAFF
from shared.problems import Forbidden, NotFound
from shared.runtime.http import check_if_match
from shared.runtime.unit_of_work import AuditAction, UnitOfWork


def sees_every_complaint(principal: Principal) -> bool:
    return principal.service_wide or principal.has_any({Role.feedback_officer})


def sees_complainant(principal: Principal) -> bool:
    return principal.has_any({Role.feedback_officer})


def pods_seen(principal: Principal) -> frozenset[uuid.UUID] | None:
    """None for those who see every pod's feedback; else the caller's own pods."""
    return None if sees_every_complaint(principal) else principal.pods


async def complaint_for(
    uow: UnitOfWork,
    principal: Principal,
    complaint_id: uuid.UUID,
    action: AuditAction,
    resource: str = "",
    *,
    if_match: str | None = None,
) -> Complaint:
    """The complaint, if the caller may see it (and, given `If-Match`, if it is still that version); audited."""
    complaint = await uow.session.get(Complaint, complaint_id)
    if complaint is None:
        raise NotFound(f"no complaint {complaint_id}", field="complaint_id")
    if not sees_every_complaint(principal) and (complaint.pod_id is None or complaint.pod_id not in principal.pods):
        raise Forbidden("this complaint is about another pod", field="complaint_id")
    check_if_match(if_match, complaint.version, what="the complaint")
    uow.audit(principal, action, f"complaint/{complaint.id}{resource}", complaint.child_id)
    return complaint


async def learning_action_for(
    uow: UnitOfWork, principal: Principal, complaint: Complaint, action_id: uuid.UUID
) -> LearningAction:
    """A pod manager completes the actions their pod owns, or those of a complaint about their pod."""
    actions: list[LearningAction] = await complaint.awaitable_attrs.learning_actions
    found = next((action for action in actions if action.id == action_id), None)
    if found is None:
        raise NotFound(f"no learning action {action_id} on this complaint", field="action_id")
    if not sees_every_complaint(principal) and not ({found.owner_pod_id, complaint.pod_id} & principal.pods):
        raise Forbidden("this action belongs to another pod", field="action_id")
    return found


def require_pods_in_scope(principal: Principal, *pod_ids: uuid.UUID | None) -> None:
    """Pod staff record and see their own pods' compliments; the feedback team and heads of service any pod's."""
    if sees_every_complaint(principal):
        return
    if not pod_ids or any(pod_id is None or pod_id not in principal.pods for pod_id in pod_ids):
        raise Forbidden("you can act only on your own pod's feedback", field="pod_id")


async def compliment_for(uow: UnitOfWork, principal: Principal, compliment_id: uuid.UUID) -> Compliment:
    compliment = await uow.session.get(Compliment, compliment_id)
    if compliment is None:
        raise NotFound(f"no compliment {compliment_id}", field="compliment_id")
    if not sees_every_complaint(principal) and (compliment.pod_id is None or compliment.pod_id not in principal.pods):
        raise Forbidden("this compliment is about another pod", field="compliment_id")
    return compliment


async def run(uow: UnitOfWork, run_id: uuid.UUID, *, if_match: str | None = None) -> QuestionnaireRun:
    found = await uow.session.get(QuestionnaireRun, run_id)
    if found is None:
        raise NotFound(f"no questionnaire run {run_id}", field="run_id")
    check_if_match(if_match, found.version, what="the run")
    return found


_ENTER_ANSWERS = frozenset({Role.feedback_officer, Role.business_support, Role.system})
_ENTER_FOR_OTHERS = frozenset({Role.feedback_officer, Role.system})
_STAFF = frozenset({*POD_STAFF, Role.pod_manager, Role.head_of_service})


def require_may_answer(principal: Principal, run: QuestionnaireRun, pod_id: uuid.UUID | None) -> bool:
    """Who may send a response: the feedback team, business support and council systems enter anyone's (from paper
    or an online form); staff answer staff surveys themselves, naming (if they wish) only a pod of their own.
    Returns whether the caller is answering for themselves (so that they answer once)."""
    answering_for_themselves = (
        run.audience == "staff" and principal.has_any(_STAFF) and not principal.has_any(_ENTER_FOR_OTHERS)
    )
    if answering_for_themselves:
        if pod_id is not None and pod_id not in principal.pods and not principal.service_wide:
            raise Forbidden("name your own pod, or none", field="pod_id")
        return True
    if not principal.has_any(_ENTER_ANSWERS):
        raise Forbidden(f"responses to a questionnaire for {run.audience} are entered by the feedback team")
    return False


def participation_digest(run: QuestionnaireRun, principal: Principal) -> str:
    """A one-way digest of the run and the caller: enough to stop a second answer, linked to no response."""
    return hashlib.sha256(f"{run.id}:{principal.subject}".encode()).hexdigest()
