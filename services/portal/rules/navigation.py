"""Which pages a user is offered, from the roles their token carries. Offering is not allowing: each API decides."""

from __future__ import annotations

from dataclasses import dataclass

POD_STAFF = frozenset({"social_worker", "senior_social_worker", "social_worker_in_training", "business_support"})
CASE_READERS = POD_STAFF | {"pod_manager", "head_of_service"}
MANAGERS = frozenset({"pod_manager", "head_of_service"})
AGGREGATE_READERS = frozenset({"performance_analyst", "pod_manager", "head_of_service"})
TRANSFERRERS = frozenset({"senior_social_worker", "pod_manager", "head_of_service"})
RECORDERS = (POD_STAFF - {"business_support"}) | MANAGERS
"""Who writes visits and case summaries in a child's story (business support write correspondence only)."""
SUPERVISORS = POD_STAFF | {"pod_manager"}
FEEDBACK_READERS = frozenset({"feedback_officer", "pod_manager", "head_of_service"})


@dataclass(frozen=True)
class Page:
    key: str
    text: str
    href: str


def pages_for(roles: frozenset[str], worker_id: str | None) -> list[Page]:
    pages = []
    if worker_id and roles & (POD_STAFF | {"pod_manager"}):
        pages.append(Page("my-work", "My work", "/my-work"))
    if roles & MANAGERS:
        pages.append(Page("pods", "Pod board", "/pods"))
    if roles & CASE_READERS:
        pages.append(Page("children", "Find a child", "/children"))
    if roles & SUPERVISORS:
        pages.append(Page("supervision", "Group supervision", "/supervision"))
    if roles & FEEDBACK_READERS:
        pages.append(Page("feedback", "Feedback", "/feedback"))
    if roles & AGGREGATE_READERS:
        pages.append(Page("performance", "Performance", "/performance"))
    return pages


def home_for(roles: frozenset[str], worker_id: str | None) -> str:
    """A social worker starts at My work, a pod manager at the pod board, an analyst at Performance."""
    if "pod_manager" in roles or "head_of_service" in roles:
        return "/pods"
    pages = pages_for(roles, worker_id)
    return pages[0].href if pages else "/signed-in"


def may_transfer(roles: frozenset[str]) -> bool:
    return bool(roles & TRANSFERRERS)


def may_record(roles: frozenset[str]) -> bool:
    return bool(roles & RECORDERS)


def may_close_actions(roles: frozenset[str]) -> bool:
    """Pod staff and pod managers mark supervision actions done or cancelled (a head of service reads them)."""
    return bool(roles & SUPERVISORS)
