"""The feedback team's reports over HTTP: complaints per stage per quarter against a year earlier, timeliness per
stage, compliments per pod per quarter; as JSON and CSV; for analysts, not pod staff."""

from __future__ import annotations

import csv
import io
from typing import Any

from tests.api.feedback.conftest import Api, Town, complaint_body


def _quarter(report: dict[str, Any], stage: str, quarter: str) -> dict[str, Any]:
    rows = next(s for s in report["stages"] if s["stage"] == stage)["quarters"]
    return next(q for q in rows if q["quarter"] == quarter)


async def test_complaints_received_per_stage_per_quarter_against_a_year_earlier(api: Api, town: Town) -> None:
    for received_on in ("2024-05-01", "2024-05-02", "2024-06-03", "2025-05-06"):
        await api.made("/complaints", complaint_body(town, received_on=received_on))
    escalated = await api.made("/complaints", complaint_body(town, received_on="2025-04-01"))
    path = f"/complaints/{escalated['id']}"
    await api.made(f"{path}/responses", {"responded_on": "2025-04-14", "outcome": "not_upheld"})
    await api.made(f"{path}/escalations", {"requested_on": "2025-05-01"})

    analyst = api.headers("performance_analyst")
    report = (await api.get("/reports/complaints-received", analyst, year=2026)).json()
    published = (await api.get("/reports/complaints-received", analyst, year=2026, for_publication=True)).json()

    q1 = _quarter(report, "stage_1", "2025-26 Q1")
    assert (q1["count"], q1["a_year_earlier"], q1["change"]) == (2, 3, -1)
    assert _quarter(report, "stage_2", "2025-26 Q1")["count"] == 1
    assert _quarter(published, "stage_1", "2025-26 Q1")["count"] == "<5"


async def test_the_share_answered_in_time_at_each_stage(api: Api, town: Town) -> None:
    punctual = await api.made("/complaints", complaint_body(town, received_on="2025-06-02"))
    late = await api.made("/complaints", complaint_body(town, received_on="2025-06-02"))
    await api.made(f"/complaints/{punctual['id']}/responses", {"responded_on": "2025-06-16", "outcome": "upheld"})
    await api.made(f"/complaints/{late['id']}/responses", {"responded_on": "2025-06-17", "outcome": "upheld"})
    await api.made(f"/complaints/{late['id']}/acknowledgement", {"acknowledged_on": "2025-06-03"})

    report = (await api.get("/reports/complaint-timeliness", year=2026)).json()

    steps = {step["step"]: step for step in report["steps"]}
    assert (steps["stage_1"]["answered"], steps["stage_1"]["in_time"], steps["stage_1"]["per_cent_in_time"]) == (
        2,
        1,
        50,
    )
    assert steps["acknowledgement"]["per_cent_in_time"] == 100
    assert steps["stage_2"]["answered"] == 0


async def test_compliments_per_pod_per_quarter_and_as_csv(api: Api, town: Town) -> None:
    for received_on, worker in (("2025-04-10", "Amy"), ("2025-07-10", "Amy"), ("2025-07-11", "Cat")):
        await api.made(
            "/compliments",
            {
                "received_on": received_on,
                "from_relation": "parent",
                "worker_ids": [town.workers[worker]],
                "summary": "Thank you",
            },
        )

    report = (await api.get("/reports/compliments", year=2026)).json()
    as_csv = await api.get("/reports/compliments", year=2026, format="csv")

    north = next(pod for pod in report["pods"] if pod["pod_id"] == town.north)
    assert [q["count"] for q in north["quarters"]] == [1, 1, 0, 0]
    assert [q["count"] for q in report["service"]] == [1, 2, 0, 0]
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert {row["pod_id"] for row in rows if row["quarter"] == "2025-26 Q2" and row["count"] == "1"} == {
        town.north,
        town.south,
    }


async def test_pod_staff_do_not_read_the_reports(api: Api, town: Town) -> None:
    response = await api.get("/reports/compliments", api.headers("social_worker", pods=(town.north,)))
    assert response.status_code == 403
