"""Questionnaire results on the Feedback page: a chart of how people answered beside its table, and by pod; a
suppressed pod shown as suppressed, never with a figure."""

from __future__ import annotations

import html
import json
import re
from typing import Any

from shared.auth.principal import Role
from tests.api.portal.conftest import Portal
from tests.conftest import MintToken
from tests.support.portal_town import seed_health_check


def _spec(page: str, chart: str) -> dict[str, Any]:
    figure = page[page.index(f'id="{chart}"') :]
    found = re.search(r'<script type="application/json" class="portal-chart__spec">(.*?)</script>', figure, re.S)
    assert found, f"no spec for {chart}"
    spec: dict[str, Any] = json.loads(html.unescape(found[1]))
    return spec


async def test_the_health_check_is_charted_beside_its_table_and_a_small_pod_is_suppressed(
    portal: Portal, mint_token: MintToken
) -> None:
    town = portal.town
    run = await seed_health_check(portal.client, mint_token(Role.feedback_officer), town)
    await portal.sign_in("head_of_service")

    page = await portal.client.get("/feedback", params={"run": run})
    report = (
        await portal.client.get(
            f"/feedback/v1/questionnaire-runs/{run}/report",
            headers={"Authorization": f"Bearer {mint_token(Role.head_of_service)}"},
        )
    ).json()

    assert page.status_code == 200
    assert 'desc="7 calls"' in page.headers["server-timing"], "six as before, and the run's report: the charts add none"
    text = html.unescape(page.text)
    answers, pods = _spec(text, "questionnaire-chart"), _spec(text, "questionnaire-pods-chart")
    assert 'aria-describedby="questionnaire"' in text, "the chart names its table"
    assert 'aria-describedby="questionnaire-pods"' in text
    assert answers["kind"] == "answers"
    assert len(answers["domain"]) == 8, "four yes or no and four 1 to 5 questions; shares of time are in the table"
    recommend = {d["part"]: d["percent"] for d in answers["data"] if d["label"].startswith("I would recommend")}
    item = next(i for i in report["items"] if i["item"] == "hc_recommend")
    assert recommend == {"Yes": item["yes"], "No": 100 - item["yes"]}, "the chart draws the API's own figures"
    by_pod = {g["pod_name"] or "No pod given": g for g in report["pods"]}
    assert by_pod["Pod 2 (South)"]["suppressed"]
    assert not by_pod["Pod 1 (North)"]["suppressed"]
    assert pods["title"] == "My caseload is reasonable: per cent yes, by pod", "the first question, until one is chosen"
    assert pods["data"] == [
        {"pod": "Pod 1 (North)", "percent": by_pod["Pod 1 (North)"]["items"][0]["yes"]},
    ], "no figure drawn for a suppressed pod"
    assert set(pods["suppressed"]) == {"Pod 2 (South)", "No pod given"}
    table = text[text.index('id="questionnaire-pods"') : text.index("</table>", text.index('id="questionnaire-pods"'))]
    south = table[table.index("Pod 2 (South)") : table.index("</tr>", table.index("Pod 2 (South)"))]
    assert "Suppressed: too few answers to show" in south
    cells = re.findall(r"<td[^>]*>(.*?)</td>", south, re.S)
    assert cells == ["Suppressed: too few answers to show"], "a suppressed pod's row has no figure"
    north = table[table.index("Pod 1 (North)") : table.index("</tr>", table.index("Pod 1 (North)"))]
    assert ">7</td>" in north
    chosen = html.unescape((await portal.client.get("/feedback", params={"run": run, "question": "hc_valued"})).text)
    assert "I feel valued by the council: per cent positive, by pod" in chosen
    assert "Share of my time: travel" in text, "a share of time is in the table"
