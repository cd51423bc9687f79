"""The development sign-in form: the same claims `make token` takes (a role, a pod, a worker), checked field by
field for the GOV.UK error summary."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from services.portal.rules.navigation import POD_STAFF
from shared.vocabulary import Role

ROLES = [
    ("social_worker", "Social worker"),
    ("senior_social_worker", "Senior social worker"),
    ("social_worker_in_training", "Social worker in training"),
    ("business_support", "Business support officer"),
    ("pod_manager", "Pod manager"),
    ("head_of_service", "Head of service"),
    ("performance_analyst", "Performance analyst"),
]
ROLE_LABELS = dict(ROLES)
assert set(ROLE_LABELS) <= {role.value for role in Role}


@dataclass(frozen=True)
class Claims:
    role: str
    pod_id: str | None
    worker_id: str | None


def read_claims(form: Mapping[str, str]) -> tuple[Claims | None, dict[str, str]]:
    role = form.get("role", "")
    pod_id = form.get("pod_id", "").strip() or None
    worker_id = form.get("worker_id", "").strip() or None
    errors = {}
    if role not in ROLE_LABELS:
        errors["role"] = "Select your role"
    elif (role in POD_STAFF or role == "pod_manager") and pod_id is None:
        errors["pod_id"] = "Select your pod"
    if role in POD_STAFF and worker_id is None:
        errors["worker_id"] = "Select who you are"
    if errors:
        return None, errors
    return Claims(role, pod_id, worker_id), {}
