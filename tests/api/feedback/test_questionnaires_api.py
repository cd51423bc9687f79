"""Questionnaires and staff surveys over HTTP: runs, anonymous responses, reports with small groups suppressed
(including by pod), comparison between runs, and CSV and XLSX downloads."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook

from tests.api.feedback.conftest import Api, Town


async def _run(api: Api, code: str = "children_in_care_council", start: str = "2026-01-05") -> dict[str, Any]:
    return await api.made(
        "/questionnaire-runs", {"questionnaire_code": code, "period_start": start, "period_end": "2026-01-30"}
    )


async def _answers(api: Api, run: dict[str, Any], pod: str | None, *scores: int) -> None:
    for score in scores:
        body = {"pod_id": pod, "answered_on": "2026-01-12", "answers": [{"item": "cic_02", "score": score}]}
        await api.made(f"/questionnaire-runs/{run['id']}/responses", body)


async def _close(api: Api, run: dict[str, Any]) -> None:
    await api.made(f"/questionnaire-runs/{run['id']}/close", {"closed_on": "2026-02-02"})


def _item(items: list[dict[str, Any]], code: str) -> dict[str, Any]:
    return next(item for item in items if item["item"] == code)


async def test_the_ready_made_item_banks_are_listed(api: Api) -> None:
    banks = {bank["code"]: bank for bank in (await api.get("/questionnaires")).json()}

    assert len(banks["children_in_care_council"]["items"]) == 10
    assert len(banks["parents"]["items"]) == 10
    assert {item["kind"] for item in banks["social_work_health_check"]["items"]} == {"scale", "yes_no", "share_of_time"}


async def test_a_report_gives_n_mean_and_shares_and_hides_a_small_pod_with_the_next_smallest(
    api: Api, town: Town
) -> None:
    run = await _run(api)
    await _answers(api, run, town.north, 5, 4, 4, 3, 2, 5)
    await _answers(api, run, town.south, 4, 4)
    await _answers(api, run, None, 1, 2, 3, 4, 5, 5, 5)
    open_report = (await api.get(f"/questionnaire-runs/{run['id']}/report")).json()
    await _close(api, run)

    report = (await api.get(f"/questionnaire-runs/{run['id']}/report")).json()

    assert (open_report["status"], open_report["items"], open_report["respondents"]) == ("open", [], 15)
    service = _item(report["items"], "cic_02")
    assert (service["n"], service["mean"], service["positive"], service["neutral"], service["negative"]) == (
        15,
        3.7,
        67,
        13,
        20,
    )
    shown = {group["pod_id"]: group["suppressed"] for group in report["pods"]}
    assert shown == {town.north: True, town.south: True, None: False}, "South (2) hidden, and North (6) with it"
    unanswered = _item(report["items"], "cic_01")
    assert (unanswered["n"], unanswered["suppressed"]) == (None, True)


async def test_asking_for_a_suppressed_pods_report_is_refused_naming_pod_id(api: Api, town: Town) -> None:
    run = await _run(api)
    await _answers(api, run, town.north, 5, 4, 4, 3, 2)
    await _answers(api, run, town.south, 4, 4, 1, 2, 3)
    await _answers(api, run, None, 4)
    await _close(api, run)
    path = f"/questionnaire-runs/{run['id']}/report"

    report = (await api.get(path)).json()
    hidden = {group["pod_id"] for group in report["pods"] if group["suppressed"]}
    # The one who named no pod is hidden, and one of the two pods of five with them, or the total would give them.
    assert None in hidden
    assert len(hidden & {town.north, town.south}) == 1
    [suppressed_pod] = hidden - {None}
    [shown_pod] = {town.north, town.south} - hidden
    refused = await api.get(path, api.headers("performance_analyst"), pod_id=suppressed_pod)
    allowed = await api.get(path, api.headers("performance_analyst"), pod_id=shown_pod)

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "pod_id"
    assert allowed.status_code == 200


async def test_a_pods_report_alone_when_it_is_large_enough(api: Api, town: Town) -> None:
    run = await _run(api)
    await _answers(api, run, town.north, 5, 4, 4, 3, 2)
    await _answers(api, run, town.south, 4, 4, 1, 2, 3)
    await _close(api, run)

    north = await api.get(f"/questionnaire-runs/{run['id']}/report", pod_id=town.north)

    assert north.status_code == 200, north.text
    assert _item(north.json()["items"], "cic_02")["mean"] == 3.6


async def test_a_score_outside_1_to_5_is_refused_naming_it_and_a_closed_run_takes_no_answers(
    api: Api, town: Town
) -> None:
    run = await _run(api)
    path = f"/questionnaire-runs/{run['id']}/responses"

    six = await api.post(path, {"answers": [{"item": "cic_02", "score": 6}], "answered_on": "2026-01-12"})
    await _close(api, run)
    late = await api.post(path, {"answers": [{"item": "cic_02", "score": 4}], "answered_on": "2026-01-12"})

    assert six.status_code == 422
    assert six.json()["errors"][0]["field"] == "answers.0.score"
    assert late.status_code == 409
    assert late.json()["errors"][0]["field"] == "run_id"


async def test_a_response_has_no_address_and_says_nothing_of_its_order(api: Api, town: Town) -> None:
    run = await _run(api)
    response = await api.post(
        f"/questionnaire-runs/{run['id']}/responses",
        {"answers": [{"item": "cic_02", "score": 4}], "answered_on": "2026-01-12"},
    )

    assert response.status_code == 201
    assert "location" not in response.headers
    assert response.json() == {"run_id": run["id"], "accepted": True}


async def test_a_staff_health_check_reports_yes_shares_and_time_per_pod_and_service(api: Api, town: Town) -> None:
    run = await _run(api, "social_work_health_check")
    for index in range(10):
        pod = town.north if index < 5 else town.south
        staff = api.headers("social_worker", pods=(pod,), subject=f"worker-{index}")
        body = {
            "pod_id": pod,
            "answered_on": "2026-01-12",
            "answers": [
                {"item": "hc_caseload_reasonable", "yes": index % 3 != 0},
                {"item": "hc_beyond_hours", "yes": index < 7},
                {"item": "hc_time_direct_work", "percent": 30 + index},
                {"item": "hc_time_recording", "percent": 40},
                {"item": "hc_supported_by_pod", "score": 4},
            ],
        }
        assert (await api.post(f"/questionnaire-runs/{run['id']}/responses", body, staff)).status_code == 201
    again = await api.post(
        f"/questionnaire-runs/{run['id']}/responses",
        {"answers": [{"item": "hc_supported_by_pod", "score": 1}]},
        api.headers("social_worker", pods=(town.north,), subject="worker-0"),
    )
    other_pod = await api.post(
        f"/questionnaire-runs/{run['id']}/responses",
        {"pod_id": town.south, "answers": [{"item": "hc_supported_by_pod", "score": 1}]},
        api.headers("social_worker", pods=(town.north,), subject="worker-new"),
    )
    await _close(api, run)

    report = (await api.get(f"/questionnaire-runs/{run['id']}/report")).json()

    assert again.status_code == 409, "a member of staff answers once"
    assert other_pod.status_code == 403
    assert _item(report["items"], "hc_caseload_reasonable")["yes"] == 60
    assert _item(report["items"], "hc_beyond_hours")["yes"] == 70
    assert _item(report["items"], "hc_time_direct_work")["mean"] == 34.5
    north = next(group for group in report["pods"] if group["pod_id"] == town.north)
    assert (north["respondents"], _item(north["items"], "hc_beyond_hours")["yes"]) == (5, 100)


async def test_two_runs_compared_item_by_item(api: Api, town: Town) -> None:
    autumn = await _run(api, start="2026-01-05")
    await _answers(api, autumn, None, 2, 3, 3, 4, 2)
    await _close(api, autumn)
    spring = await _run(api, start="2026-01-06")
    await _answers(api, spring, None, 4, 4, 5, 4, 3)
    still_open = await _run(api)

    refused = await api.get(f"/questionnaire-runs/{still_open['id']}/comparison", **{"with": autumn["id"]})
    await _close(api, spring)
    compared = (await api.get(f"/questionnaire-runs/{spring['id']}/comparison", **{"with": autumn["id"]})).json()

    assert refused.status_code == 409
    listens = _item(compared["items"], "cic_02")
    assert (listens["before"]["mean"], listens["after"]["mean"], listens["mean_change"]) == (2.8, 4.0, 1.2)
    assert listens["positive_change"] == 60
    assert _item(compared["items"], "cic_01")["mean_change"] is None, "nobody answered it: nothing to compare"


async def test_the_report_downloads_as_csv_and_as_xlsx(api: Api, town: Town) -> None:
    run = await _run(api)
    await _answers(api, run, None, 5, 4, 4, 3, 2)
    await _close(api, run)
    path = f"/questionnaire-runs/{run['id']}/report"

    as_csv = await api.get(path, format="csv")
    as_xlsx = await api.client.get(
        f"/feedback/v1{path}",
        headers={**api.team, "Accept": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    )

    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    listens = next(row for row in rows if row["item"] == "cic_02" and row["scope"] == "service")
    assert (listens["n"], listens["mean"], listens["positive"]) == ("5", "3.6", "60")
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:5] == ["scope", "item", "text", "kind", "n"]
    assert ["service", "cic_02"] in [row[:2] for row in values]
