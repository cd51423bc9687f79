"""Short ways to write the facts the KPI measures read, so each test shows only what matters to it."""

from datetime import date

from services.kpi.rules.facts import CasePeriod, Episode, Membership, StatusKind, StatusPeriod


def episode(
    child: str,
    worker: str,
    start: date,
    end: date | None = None,
    *,
    pod: str = "pod-a",
    case: str | None = None,
    reason: str | None = None,
    allocation: str | None = None,
) -> Episode:
    return Episode(
        allocation_id=allocation or f"{child}:{worker}:{start.isoformat()}",
        child_id=child,
        case_id=case or f"case-{child}",
        worker_id=worker,
        pod_id=pod,
        start=start,
        end=end,
        reason=reason,
    )


def status(
    child: str,
    kind: StatusKind,
    start: date,
    end: date | None = None,
    *,
    legal_status: str | None = None,
    case: str | None = None,
) -> StatusPeriod:
    return StatusPeriod(child, case or f"case-{child}", kind, start, end, legal_status)


def looked_after(child: str, start: date, end: date | None = None, legal_status: str = "C2") -> StatusPeriod:
    return status(child, "CLA", start, end, legal_status=legal_status)


def case(child: str, start: date, end: date | None = None, *, case_id: str | None = None) -> CasePeriod:
    return CasePeriod(case_id or f"case-{child}", child, start, end)


def member(
    worker: str,
    pod: str = "pod-a",
    *,
    fte: float = 1.0,
    role: str = "social_worker",
    start: date = date(2020, 1, 1),
    end: date | None = None,
) -> Membership:
    return Membership(worker, pod, role, fte, start, end)
