"""Performance's practice panels (kpi.md 4) over the real APIs in process: visits, case summaries, supervision,
complaints and compliments for the caller's scope, each with its definition, and a KPI call that fails."""

from __future__ import annotations

import html

import httpx

from shared.auth.principal import Role
from tests.api.portal.conftest import Portal
from tests.conftest import MintToken
from tests.support.polling import eventually
from tests.support.portal_town import seed_feedback


def _section(text: str, start: str, end: str | None = None) -> str:
    text = html.unescape(text)
    return text[text.index(start) : text.index(end) if end else None]


async def test_the_practice_panels_show_the_towns_figures_with_definitions_charts_and_tables(
    portal: Portal, mint_token: MintToken
) -> None:
    await seed_feedback(portal.client, mint_token(Role.feedback_officer), portal.town)
    await portal.sign_in("performance_analyst")

    async def compliments() -> str:
        return (await portal.client.get("/performance")).text

    page_text = await eventually(compliments, lambda text: 'id="compliments-table"' in text, what="the compliment")
    page = await portal.client.get("/performance")

    assert page.status_code == 200
    assert "Practice in the whole council" in page.text
    visits = _section(page.text, 'id="visits"', 'id="case-summaries"')
    assert "of 4 children in need, on a child protection plan or looked after are overdue a visit" in visits
    assert '<th scope="row" class="govuk-table__header">Child protection plan</th>' in visits
    summaries = _section(page.text, 'id="case-summaries"', 'id="supervision"')
    assert "of 4 open cases have a case summary within its cadence" in summaries
    supervision = _section(page.text, 'id="supervision"', 'id="complaints"')
    assert "of 4 allocated children discussed in supervision within their interval" in supervision
    complaints = _section(page.text, 'id="complaints"', 'id="compliments"')
    assert "Stage 1" in complaints
    assert "Answered in time" in complaints
    compliments_panel = _section(page_text, 'id="compliments"')
    assert "Pod 1 (North)" in compliments_panel, "Amy's compliment counts for her pod"
    assert page.text.count('class="govuk-details"') >= 9, "each practice figure's definition a click away"
    assert page.text.count("data-chart") == 6
    assert "Children Act 1989 Representations Procedure (England) Regulations 2006" in page.text
    assert 'desc="11 calls"' in page.headers["server-timing"], "six for continuity and caseloads, five for practice"


async def test_a_pod_manager_sees_their_own_pod_and_never_another(portal: Portal) -> None:
    town = portal.town
    await portal.sign_in("pod_manager", town.south)

    page = await portal.client.get("/performance", params={"pod": town.north})

    assert page.status_code == 200
    assert "Practice in Pod 2 (South)" in page.text
    assert "of 0 children in need" in html.unescape(page.text), "South holds no children"
    assert 'name="pod"' not in page.text, "one pod of their own: nothing to choose"


async def test_a_failing_kpi_call_says_so_in_its_panel_and_the_rest_answers(portal: Portal) -> None:
    await portal.sign_in("head_of_service")
    working = portal.web.state.api_client

    async def without_visits(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/kpi/v1/visits"):
            raise httpx.ConnectError("connection refused", request=request)
        response = await working.send(request)
        await response.aread()
        return httpx.Response(response.status_code, headers=response.headers, content=response.content)

    portal.web.state.api_client = httpx.AsyncClient(transport=httpx.MockTransport(without_visits))
    try:
        page = await portal.client.get("/performance", params={"pod": portal.town.north})
    finally:
        portal.web.state.api_client = working

    assert page.status_code == 200
    assert "Visits are not available: the KPI service did not answer." in page.text
    assert "Practice in Pod 1 (North)" in page.text
    assert "of 4 open cases have a case summary within its cadence" in html.unescape(page.text)
    assert 'id="dfe-table"' in page.text
