"""Records', supervision's and feedback's facts for the KPI handler tests, written with names like `Facts`."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from shared.events.feedback import (
    ComplaintEscalated,
    ComplaintReceived,
    ComplaintStageResponded,
    ComplimentReceived,
    QuestionnaireAnswered,
)
from shared.events.records import CaseSummaryRecorded, EntryEnteredInError, StoryEntryCompleted, VisitRecorded
from shared.events.supervision import (
    CaseAuditCompleted,
    ScalingScoreRecorded,
    SupervisionActionCancelled,
    SupervisionActionCompleted,
    SupervisionActionSet,
    SupervisionDecisionRecorded,
)
from tests.handlers.kpi.deliveries import Facts


def _at(day: date) -> datetime:
    return datetime.combine(day, time(15), tzinfo=UTC)


class PracticeFacts(Facts):
    """Allocation's facts (inherited) and the practice facts of the same story, on the same names."""

    def _where(self, child: str, worker: str, pod: str) -> dict[str, Any]:
        return {
            "child_id": self.id(child),
            "case_id": self.id(self.case_of(child)),
            "pod_id": self.id(pod),
            "worker_id": self.id(worker),
            "recorded_by_worker_id": self.id(worker),
            "recorded_by_pod_id": self.id(pod),
        }

    def visit(
        self,
        entry: str,
        child: str,
        worker: str,
        pod: str,
        on: date,
        *,
        seen: bool = True,
        alone: bool = False,
        kind: str = "home",
        serves: str = "CP",
    ) -> VisitRecorded:
        return VisitRecorded.model_validate(
            {
                "entry_id": self.id(entry),
                **self._where(child, worker, pod),
                "visit_kind": kind,
                "serves_status": serves,
                "statuses_open": [serves],
                "occurred_on": on,
                "seen": seen,
                "seen_alone": alone,
                "completed_at": _at(on),
            }
        )

    def entry(
        self, entry: str, child: str, worker: str, pod: str, on: date, *, kind: str = "visit"
    ) -> StoryEntryCompleted:
        return StoryEntryCompleted.model_validate(
            {
                "entry_id": self.id(entry),
                **self._where(child, worker, pod),
                "entry_type": kind,
                "occurred_on": on,
                "significant": False,
                "draft_started_at": _at(on).replace(hour=14),
                "completed_at": _at(on),
                "seconds_to_complete": 3600,
                "characters": 1200,
                "children": 1,
            }
        )

    def in_error(self, entry: str, child: str, on: date, *, kind: str = "visit") -> EntryEnteredInError:
        return EntryEnteredInError(
            entry_id=self.id(entry), child_id=self.id(child), entry_type=kind, occurred_on=on, marked_at=_at(on)
        )

    def summary(
        self, entry: str, child: str, worker: str, pod: str, on: date, *, cadence: int = 4
    ) -> CaseSummaryRecorded:
        return CaseSummaryRecorded.model_validate(
            {
                "entry_id": self.id(entry),
                **self._where(child, worker, pod),
                "occurred_on": on,
                "completed_at": _at(on),
                "cadence_weeks": cadence,
                "due_on": on,
                "on_time": True,
            }
        )

    def decision(self, name: str, child: str, worker: str, pod: str, on: date) -> SupervisionDecisionRecorded:
        return SupervisionDecisionRecorded(
            decision_id=self.id(name),
            session_id=self.id(f"session {on}"),
            pod_id=self.id(pod),
            child_id=self.id(child),
            case_id=self.id(self.case_of(child)),
            decided_on=on,
            session_kind="group",
            decision="keep the plan",
            rationale="safety holding",
            worker_id=self.id(worker),
        )

    def action(self, name: str, child: str, owner: str, pod: str, set_on: date, due: date) -> SupervisionActionSet:
        return SupervisionActionSet(
            action_id=self.id(name),
            session_id=self.id(f"session {set_on}"),
            discussion_id=self.id(f"discussion {set_on}"),
            pod_id=self.id(pod),
            child_id=self.id(child),
            owner_id=self.id(owner),
            set_on=set_on,
            due_date=due,
        )

    def action_done(self, name: str, child: str, pod: str, on: date, due: date) -> SupervisionActionCompleted:
        return SupervisionActionCompleted(
            action_id=self.id(name), pod_id=self.id(pod), child_id=self.id(child), completed_on=on, due_date=due
        )

    def action_dropped(self, name: str, child: str, pod: str, on: date, due: date) -> SupervisionActionCancelled:
        return SupervisionActionCancelled(
            action_id=self.id(name), pod_id=self.id(pod), child_id=self.id(child), cancelled_on=on, due_date=due
        )

    def score(
        self, name: str, child: str, pod: str, on: date, voice: str, score: int, previous: int | None = None
    ) -> ScalingScoreRecorded:
        return ScalingScoreRecorded.model_validate(
            {
                "score_id": self.id(name),
                "session_id": self.id(f"session {on}"),
                "discussion_id": self.id(f"discussion {on}"),
                "pod_id": self.id(pod),
                "child_id": self.id(child),
                "scored_on": on,
                "voice": voice,
                "question": "safety",
                "score": score,
                "previous_score": previous,
            }
        )

    def audit(self, name: str, child: str, worker: str, pod: str, on: date, grade: str) -> CaseAuditCompleted:
        return CaseAuditCompleted.model_validate(
            {
                "audit_id": self.id(name),
                "child_id": self.id(child),
                "pod_id": self.id(pod),
                "worker_id": self.id(worker),
                "manager_id": self.id("manager"),
                "quarter": f"{on.year}-Q{(on.month - 1) // 3 + 1}",
                "audited_on": on,
                "grades": {"assessment": grade, "planning": "good"},
                "overall_grade": grade,
                "themes": ["relationship_based_practice"],
                "done_well": "the child's voice",
                "must_improve": "timeliness",
            }
        )

    def complaint(self, name: str, pod: str, on: date, due: date, *, stage: int = 1) -> ComplaintReceived:
        return ComplaintReceived.model_validate(
            {
                "complaint_id": self.id(name),
                "procedure": "statutory",
                "received_on": on,
                "stage": stage,
                "channel": "email",
                "complainant_relation": "parent",
                "themes": ["communication"],
                "child_id": None,
                "worker_id": None,
                "pod_id": self.id(pod),
                "response_due_on": due,
            }
        )

    def answered(
        self, name: str, pod: str, stage: int, started: date, on: date, due: date, *, in_time: bool
    ) -> ComplaintStageResponded:
        return ComplaintStageResponded.model_validate(
            {
                "complaint_id": self.id(name),
                "procedure": "statutory",
                "stage": stage,
                "started_on": started,
                "responded_on": on,
                "due_on": due,
                "working_days_allowed": 10,
                "working_days_taken": 12 if not in_time else 8,
                "extended": False,
                "outcome": "partly_upheld",
                "in_time": in_time,
                "worker_id": None,
                "pod_id": self.id(pod),
            }
        )

    def escalated(self, name: str, pod: str, on: date, due: date) -> ComplaintEscalated:
        return ComplaintEscalated.model_validate(
            {
                "complaint_id": self.id(name),
                "procedure": "statutory",
                "from_stage": 1,
                "to_stage": 2,
                "to_ombudsman": False,
                "requested_on": on,
                "within_window": True,
                "response_due_on": due,
                "worker_id": None,
                "pod_id": self.id(pod),
            }
        )

    def compliment(self, name: str, pod: str, on: date, *workers: str) -> ComplimentReceived:
        return ComplimentReceived.model_validate(
            {
                "compliment_id": self.id(name),
                "received_on": on,
                "from_relation": "parent",
                "worker_ids": [self.id(worker) for worker in workers],
                "pod_id": self.id(pod),
                "themes": ["listened"],
            }
        )

    def response(self, run: str, pod: str | None, *scores: float) -> QuestionnaireAnswered:
        return QuestionnaireAnswered.model_validate(
            {
                "run_id": self.id(run),
                "questionnaire_code": "cic",
                "audience": "children_in_care",
                "period_start": date(2024, 1, 1),
                "period_end": date(2024, 3, 31),
                "pod_id": self.id(pod) if pod else None,
                "answers": [
                    {"item": f"cic_{n:02d}", "kind": "scale", "value": value} for n, value in enumerate(scores, start=1)
                ],
            }
        )
