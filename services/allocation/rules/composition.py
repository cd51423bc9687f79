"""The pod rule: 1 FTE pod manager, up to 2 FTE senior social workers, up to 5 FTE social workers,
at least one social worker in training and at least one business support officer.

A pod that breaks the rule is allowed; it is reported as out of shape with what is missing or over.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from shared.vocabulary import PodRole

# FTEs arrive as decimals such as 0.1 + 0.2; compare them with a tolerance, not exactly.
_TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class PodMember:
    worker_id: str
    role: PodRole
    fte: float

    def __post_init__(self) -> None:
        if not 0 < self.fte <= 1:
            raise ValueError(f"fte must be more than 0 and at most 1, got {self.fte}")


@dataclass(frozen=True, slots=True)
class Gap:
    role: PodRole
    expected: str
    actual_fte: float
    message: str


@dataclass(frozen=True, slots=True)
class Composition:
    in_shape: bool
    fte_by_role: dict[str, float]
    missing: tuple[Gap, ...]
    over: tuple[Gap, ...]


def pod_composition(memberships: Sequence[PodMember]) -> Composition:
    fte_by_role = {role.value: 0.0 for role in PodRole}
    headcount = dict.fromkeys(PodRole, 0)
    for member in memberships:
        fte_by_role[member.role.value] += member.fte
        headcount[member.role] += 1
    fte_by_role = {role: round(fte, 4) for role, fte in fte_by_role.items()}

    def fte(role: PodRole) -> float:
        return fte_by_role[role.value]

    missing: list[Gap] = []
    over: list[Gap] = []
    manager = fte(PodRole.POD_MANAGER)
    if manager < 1 - _TOLERANCE:
        missing.append(_gap(PodRole.POD_MANAGER, "1 FTE", manager, f"needs 1 FTE pod manager; has {manager:g}"))
    if manager > 1 + _TOLERANCE:
        over.append(_gap(PodRole.POD_MANAGER, "1 FTE", manager, f"needs 1 FTE pod manager; has {manager:g}"))
    for role, ceiling, plural in (
        (PodRole.SENIOR_SOCIAL_WORKER, 2, "senior social workers"),
        (PodRole.SOCIAL_WORKER, 5, "social workers"),
    ):
        if fte(role) > ceiling + _TOLERANCE:
            message = f"allows up to {ceiling} FTE {plural}; has {fte(role):g}"
            over.append(_gap(role, f"up to {ceiling} FTE", fte(role), message))
    # A part-time trainee or officer still gives the pod one, so these two count people, not FTE.
    for role, singular in (
        (PodRole.SOCIAL_WORKER_IN_TRAINING, "social worker in training"),
        (PodRole.BUSINESS_SUPPORT, "business support officer"),
    ):
        if headcount[role] == 0:
            missing.append(_gap(role, "at least 1", 0.0, f"needs at least 1 {singular}; has none"))
    return Composition(
        in_shape=not missing and not over,
        fte_by_role=fte_by_role,
        missing=tuple(missing),
        over=tuple(over),
    )


def _gap(role: PodRole, expected: str, actual_fte: float, message: str) -> Gap:
    return Gap(role=role, expected=expected, actual_fte=actual_fte, message=message)
