"""Case summaries over HTTP: due four weeks after the last (or the referral), overdue after; the pod manager sets
a case's cadence; a pod lists its cases' summaries due."""

from __future__ import annotations

from typing import Any

from tests.api.records.conftest import Api, Town


def _summary(town: Town, day: str, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "entry_type": "case_summary",
        "status": "complete",
        "occurred_on": day,
        "title": "Case summary",
        "purpose": "Four-weekly case summary",
        "case_id": str(town.id(town.facts.case_of("amy"))),
        "happened": "Two visits; the core group met.",
        "analysis": "Amy is safer: her mother engages with the plan.",
        "next_steps": "Review conference on 4 March.",
    }
    return body | changes


async def test_the_next_summary_is_due_one_cadence_after_the_last_and_overdue_after(api: Api, town: Town) -> None:
    case = town.id(town.facts.case_of("amy"))
    before = await api.client.get(f"/cases/{case}/case-summaries", params={"as_at": "2024-02-06"}, headers=town.ann())
    written = await api.client.post("/entries", json=_summary(town, "2024-02-09"), headers=town.ann())
    after = await api.client.get(f"/cases/{case}/case-summaries", params={"as_at": "2024-03-01"}, headers=town.ann())

    assert written.status_code == 201, written.text
    assert (before.json()["due_on"], before.json()["overdue"], before.json()["days_overdue"]) == ("2024-02-05", True, 1)
    assert (after.json()["last_summary_on"], after.json()["due_on"], after.json()["overdue"]) == (
        "2024-02-09",
        "2024-03-08",
        False,
    )
    assert [s["analysis"] for s in after.json()["summaries"]] == ["Amy is safer: her mother engages with the plan."]


async def test_a_summary_needs_its_three_sections_to_be_completed(api: Api, town: Town) -> None:
    response = await api.client.post("/entries", json=_summary(town, "2024-02-09", analysis=""), headers=town.ann())

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "analysis"


async def test_the_pod_manager_sets_a_cases_cadence(api: Api, town: Town) -> None:
    case = town.id(town.facts.case_of("amy"))
    manager = town.as_role("pod_manager")

    set_ = await api.client.put(f"/cases/{case}/summary-cadence", json={"weeks": 2}, headers=manager)
    stale = await api.client.put(
        f"/cases/{case}/summary-cadence", json={"weeks": 3}, headers=manager | {"If-Match": '"7"'}
    )
    worker = await api.client.put(f"/cases/{case}/summary-cadence", json={"weeks": 3}, headers=town.ann())
    elsewhere = await api.client.put(
        f"/cases/{case}/summary-cadence", json={"weeks": 3}, headers=town.as_role("pod_manager", own=False)
    )
    read = await api.client.get(f"/cases/{case}/case-summaries", params={"as_at": "2024-01-20"}, headers=town.ann())

    assert set_.status_code == 200, set_.text
    assert (stale.status_code, worker.status_code, elsewhere.status_code) == (412, 403, 403)
    assert (read.json()["cadence_weeks"], read.json()["due_on"], read.json()["cadence_set_by"]) == (
        2,
        "2024-01-22",
        "pod_manager-own",
    )


async def test_a_pod_lists_its_cases_summaries_due(api: Api, town: Town) -> None:
    await api.client.post("/entries", json=_summary(town, "2024-02-09"), headers=town.ann())

    found = await api.client.get(
        f"/pods/{town.north}/case-summaries", params={"as_at": "2024-03-01", "overdue": "true"}, headers=town.ann()
    )

    assert [c["child_id"] for c in found.json()["cases"]] == [str(town.id("ben"))]
