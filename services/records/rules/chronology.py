"""The automatic chronology: which facts of other services become read-only entries of a child's story, which of
them are significant by default, and the one line each is shown as. Titles are written when read, from the
fact's codes and the pods' names, so a pod renamed later reads right."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any

from shared.vocabulary import CaseClosureReason, CpCategory, LegalStatus, StatusKind, TransferReason

_NAMESPACE = uuid.UUID("0b8f5f1e-9d7c-4a8e-b3f4-2a6c1d9e7f10")

# kind -> significant by default (the events a chronology of significant events must show)
KINDS: dict[str, bool] = {
    "case_opened": True,
    "case_closed": True,
    "allocated": False,
    "transferred": True,
    "allocation_ended": False,
    "allocation_corrected": False,
    "status_started": True,
    "status_ended": True,
    "court_proceedings_started": True,
    "court_proceedings_ended": True,
    "cover_started": False,
    "cover_ended": False,
    "supervision_decision": True,
}


def entry_id(kind: str, *ids: object) -> uuid.UUID:
    """The same fact always makes the same entry, so a fact delivered again, or replayed, lands on its own row."""
    return uuid.uuid5(_NAMESPACE, "/".join([kind, *map(str, ids)]))


def _label(vocabulary: Any, code: object) -> str:
    member = vocabulary._value2member_map_.get(code)
    return f"{member.label} ({code})" if member is not None else str(code)


def _pod(facts: Mapping[str, Any], key: str, pods: Mapping[str, str]) -> str:
    pod_id = facts.get(key)
    return pods.get(str(pod_id), "a pod") if pod_id else "a pod"


def _status(facts: Mapping[str, Any]) -> str:
    kind = facts.get("kind")
    label = StatusKind(str(kind)).label if kind in StatusKind._value2member_map_ else str(kind)
    if kind == "CP" and facts.get("cp_category"):
        return f"{label}, {_label(CpCategory, facts['cp_category'])}"
    if kind == "CLA" and facts.get("legal_status"):
        return f"{label}, {_label(LegalStatus, facts['legal_status'])}"
    return label


def _transfer(facts: Mapping[str, Any], pods: Mapping[str, str]) -> str:
    where = (
        f"from {_pod(facts, 'from_pod_id', pods)} to {_pod(facts, 'to_pod_id', pods)}"
        if facts.get("across_pods")
        else f"within {_pod(facts, 'to_pod_id', pods)}"
    )
    return f"Transferred to another social worker {where}: {_label(TransferReason, facts.get('reason'))}"


def _allocation(facts: Mapping[str, Any], pods: Mapping[str, str]) -> str:
    whom = "a social worker" if facts.get("worker_id") else "the pod, awaiting a social worker"
    return f"Allocated to {whom} in {_pod(facts, 'pod_id', pods)}"


def _cover(facts: Mapping[str, Any], _: Mapping[str, str]) -> str:
    until = f" until {facts['end_date']}" if facts.get("end_date") else ""
    return f"A colleague covers the social worker{until} ({facts.get('reason') or 'cover'})"


Title = Callable[[Mapping[str, Any], Mapping[str, str]], str]
_TITLES: dict[str, Title] = {
    "case_opened": lambda f, _: f"Case opened on referral from {f.get('source') or 'an unknown source'}",
    "case_closed": lambda f, _: f"Case closed: {_label(CaseClosureReason, f.get('reason'))}",
    "allocated": _allocation,
    "transferred": _transfer,
    "allocation_ended": lambda f, _: f"Allocation ended ({str(f.get('reason') or 'ended').replace('_', ' ')})",
    "allocation_corrected": lambda f, _: (
        "Allocation entered in error" if f.get("entered_in_error") else "Allocation corrected"
    ),
    "status_started": lambda f, _: f"{_status(f)}: started",
    "status_ended": lambda f, _: f"{_status(f)}: ended",
    "court_proceedings_started": lambda f, _: "Court proceedings started",
    "court_proceedings_ended": lambda f, _: "Court proceedings ended",
    "cover_started": _cover,
    "cover_ended": lambda f, _: "Cover ended",
    "supervision_decision": lambda f, _: f"Decision in {f.get('session_kind') or 'group'} supervision",
}


def title(kind: str, facts: Mapping[str, Any], pods: Mapping[str, str]) -> str:
    """The one line a chronology shows for a fact, from its codes and the pods' names."""
    written = _TITLES.get(kind)
    return written(facts, pods) if written else kind.replace("_", " ").capitalize()
