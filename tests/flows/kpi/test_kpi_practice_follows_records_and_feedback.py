"""A visit recorded through records' API and a compliment through feedback's reach the KPI: the visit clock in
the worker's "my work" and the pod's visit figures, and the compliment in both the pod's quarter and "my work"."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from shared.settings import PlatformSettings
from tests.conftest import TEST_SIGNING_KEY
from tests.flows.kpi.practice_in_process import PracticeContinuum


@pytest.fixture
async def continuum(tmp_path: Path) -> AsyncIterator[PracticeContinuum]:
    settings = PlatformSettings(
        environment="test", auth_signing_key=TEST_SIGNING_KEY, auth_jwks_url=None, log_json=False
    )
    platform = PracticeContinuum(tmp_path, settings)
    await platform.start()
    yield platform
    await platform.stop()


def visit(child: str, day: date, *, alone: bool) -> dict[str, Any]:
    return {
        "entry_type": "visit",
        "status": "complete",
        "occurred_on": day.isoformat(),
        "title": "Home visit",
        "purpose": "Child protection visit",
        "text": "Seen at home.",
        "visit_kind": "home",
        "serves_status": "CP",
        "children": [{"child_id": child, "seen": True, "seen_alone": alone}],
    }


async def test_a_visit_recorded_in_records_shows_in_my_work_and_the_pods_figures(continuum: PracticeContinuum) -> None:
    today = date.today()
    north = await continuum.pod("North")
    ann = await continuum.worker("Ann", north)
    case = await continuum.child_with_case("amy", today - timedelta(days=60))
    await continuum.status(case, "CP", today - timedelta(days=60))
    await continuum.allocate(case, north, ann, today - timedelta(days=60))
    amy = str(continuum.child_of[case])
    ann_token = continuum.as_worker("social_worker", (north,), ann)
    await continuum.settled()

    before = (await continuum.call("GET", "/kpi/v1/my-work", ann_token)).json()["figure"]
    await continuum.producers_settled("records")
    written = await continuum.call("POST", "/records/v1/entries", ann_token, visit(amy, today, alone=True))
    assert written.status_code == 201, written.text
    await continuum.settled()
    after = await continuum.call("GET", "/kpi/v1/my-work", ann_token)
    pod = await continuum.kpi_get("/visits", "pod_manager", pods=(north,), pod_id=str(north))

    assert after.status_code == 200, after.text
    assert [row["child_id"] for row in before["visits"]["not_seen_within_interval"]] == [amy]
    figure = after.json()["figure"]
    assert figure["visits"]["not_seen_within_interval"] == []
    assert figure["visits"]["cp_seen_alone_at_last_visit"]["numerator"] == 1
    assert figure["caseload"]["cases"] == 1
    assert pod.json()["figure"]["overdue"] == {"numerator": 0, "denominator": 1, "ratio": 0.0, "percent": 0}
    assert pod.json()["figure"]["median_days_since_seen"] == 0


async def test_a_compliment_recorded_in_feedback_counts_for_the_pod_and_the_worker(
    continuum: PracticeContinuum,
) -> None:
    today = date.today()
    north = await continuum.pod("North")
    ann = await continuum.worker("Ann", north)
    await continuum.producers_settled("feedback")
    body = {
        "received_on": today.isoformat(),
        "from_relation": "parent",
        "worker_ids": [str(ann)],
        "pod_id": str(north),
        "themes": ["listened"],
        "summary": "Always calls back.",
    }
    written = await continuum.call("POST", "/feedback/v1/compliments", continuum.bearer("head_of_service"), body)
    assert written.status_code == 201, written.text
    await continuum.settled()
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"

    pods = await continuum.kpi_get("/compliments", "performance_analyst", quarter=quarter)
    mine = await continuum.call("GET", "/kpi/v1/my-work", continuum.as_worker("social_worker", (north,), ann))

    assert pods.json()["figure"]["pods"] == [{"pod_id": str(north), "count": 1, "a_year_earlier": 0}]
    assert mine.json()["figure"]["compliments_received"]["last_12_months"] == 1


async def test_a_discussion_signed_off_in_supervision_counts_the_child_as_discussed(
    continuum: PracticeContinuum,
) -> None:
    today = date.today()
    north = await continuum.pod("North")
    nora = await continuum.worker("Nora", north, role="pod_manager")
    amy = await continuum.worker("Amy", north)
    case = await continuum.child_with_case("zoe", today - timedelta(days=60))
    await continuum.status(case, "CP", today - timedelta(days=60))
    await continuum.allocate(case, north, amy, today - timedelta(days=60))
    zoe = str(continuum.child_of[case])
    await continuum.producers_settled("supervision")
    manager = continuum.as_worker("pod_manager", (north,), nora)
    await continuum.settled()
    before = await continuum.kpi_get("/supervision", "pod_manager", pods=(north,), pod_id=str(north))

    async def ok(path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await continuum.call("POST", f"/supervision/v1{path}", manager, body)
        assert response.status_code in (200, 201), f"{path}: {response.text}"
        result: dict[str, Any] = response.json()
        return result

    session = await ok(f"/pods/{north}/sessions", {"kind": "group", "scheduled_for": today.isoformat()})
    attendees = [{"worker_id": str(nora), "role": "facilitator"}, {"worker_id": str(amy), "role": "presenter"}]
    await ok(f"/sessions/{session['id']}/held", {"held_on": today.isoformat(), "attendees": attendees})
    discussion = {"children": [{"child_id": zoe}], "decision": "Keep the plan.", "rationale": "Safety is holding."}
    await ok(f"/sessions/{session['id']}/discussions", discussion)
    await ok(f"/sessions/{session['id']}/sign-off")
    await continuum.settled()

    after = await continuum.kpi_get("/supervision", "pod_manager", pods=(north,), pod_id=str(north))
    mine = await continuum.call("GET", "/kpi/v1/my-work", continuum.as_worker("social_worker", (north,), amy))

    assert before.json()["figure"]["discussed"]["discussed_within_interval"]["numerator"] == 0
    discussed = after.json()["figure"]["discussed"]["discussed_within_interval"]
    assert (discussed["numerator"], discussed["denominator"]) == (1, 1)
    assert mine.json()["figure"]["supervision"]["discussed"]["discussed_within_interval"]["numerator"] == 1
