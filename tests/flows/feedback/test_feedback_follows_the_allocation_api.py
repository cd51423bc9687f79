"""What a manager does in the allocation API decides which pod a complaint or compliment is about, once the events
have flowed: a transfer moves a child's later complaints to the new pod, and a move moves a worker's compliments."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.flows.feedback.conftest import FeedbackFlow


def _complaint(child: str, received_on: str) -> dict[str, Any]:
    return {
        "received_on": received_on,
        "channel": "phone",
        "complainant": {"relation": "carer", "name": "Sam Carer", "contact": "01632 960123"},
        "child_id": child,
        "themes": ["communication"],
        "summary": "Nobody returned my calls.",
    }


async def test_a_complaint_about_a_child_goes_to_the_pod_holding_the_case_on_the_day(flow: FeedbackFlow) -> None:
    north, south = await flow.pod("North"), await flow.pod("South")
    a, b = await flow.worker("A", north), await flow.worker("B", south)
    case = await flow.child_with_case("amy", date(2025, 1, 6))
    await flow.allocate(case, north, a, date(2025, 1, 6))
    await flow.transfer(case, b, date(2025, 6, 2))
    child = str(flow.child_of[case])
    await flow.followed()

    before = await flow.feedback("POST", "/complaints", _complaint(child, "2025-05-01"))
    after = await flow.feedback("POST", "/complaints", _complaint(child, "2025-07-01"))
    south_manager = flow.bearer("pod_manager", pods=(south,))
    seen_by_south = await flow.feedback("GET", "/complaints", as_=south_manager)

    assert (before["pod_id"], after["pod_id"]) == (str(north), str(south))
    assert [item["id"] for item in seen_by_south["items"]] == [after["id"]]
    assert "Sam Carer" not in str(seen_by_south)


async def test_a_compliment_goes_to_the_pod_the_worker_was_in_when_it_came(flow: FeedbackFlow) -> None:
    north, south = await flow.pod("North"), await flow.pod("South")
    amy = await flow.worker("Amy", north)
    await flow.leaves(amy, "2025-08-29")
    await flow.joins(amy, south, "2025-09-01")
    await flow.followed()

    summer = {"received_on": "2025-07-01", "from_relation": "parent", "worker_ids": [str(amy)], "summary": "Thanks"}
    autumn = {**summer, "received_on": "2025-10-01"}
    earlier = await flow.feedback("POST", "/compliments", summer)
    later = await flow.feedback("POST", "/compliments", autumn)
    report = await flow.feedback("GET", "/reports/compliments?year=2026")

    assert (earlier["pod_id"], later["pod_id"]) == (str(north), str(south))
    per_pod = {pod["pod_name"]: [q["count"] for q in pod["quarters"]] for pod in report["pods"]}
    assert per_pod == {"North": [0, 1, 0, 0], "South": [0, 0, 1, 0]}
