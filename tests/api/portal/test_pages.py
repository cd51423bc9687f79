"""The portal's pages over the real APIs: signing in, My work, the pod board, a child, a transfer priced and
confirmed, Performance and its downloads; a failing backend and bad input as a user meets them."""

from __future__ import annotations

import html
import re
from datetime import date

import httpx

from tests.api.portal.conftest import Portal


async def test_a_page_without_a_session_sends_the_user_to_sign_in_and_back(portal: Portal) -> None:
    asked = await portal.client.get("/my-work")

    assert asked.status_code == 303
    assert asked.headers["location"] == "/sign-in?next=/my-work"


async def test_a_social_worker_signs_in_and_sees_their_caseload_and_who_covers_them(portal: Portal) -> None:
    town = portal.town
    signed = await portal.sign_in("social_worker", town.north, town.workers["Amy"])
    page = await portal.client.get("/my-work")

    assert (signed.status_code, signed.headers["location"]) == (303, "/my-work")
    assert page.status_code == 200
    assert "Zoe Reed" in page.text
    assert "Max Reed" in page.text
    assert "Leo Hart" not in page.text
    assert "<strong>Ben Clarke</strong> is covering" in page.text
    assert 'desc="7 calls"' in page.headers["server-timing"], "allocation's 3, records' 3, supervision's 1"


async def test_the_session_cookie_is_http_only_and_same_site_and_pages_are_never_cached(portal: Portal) -> None:
    signed = await portal.sign_in("head_of_service")
    page = await portal.client.get("/pods")

    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Path=/" in cookie
    assert "Secure" not in cookie, "Secure only outside development: the test platform is plain HTTP"
    assert page.headers["cache-control"] == "no-store"
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"


async def test_a_form_without_the_sessions_csrf_token_is_refused(portal: Portal) -> None:
    await portal.client.get("/sign-in")
    forged = await portal.client.post("/sign-in", data={"csrf_token": "guess", "role": "head_of_service"})
    missing = await portal.client.post("/sign-out", data={})

    assert forged.status_code == 400
    assert "This form has expired" in forged.text
    assert missing.status_code == 400
    assert (await portal.client.get("/pods")).status_code == 303, "still signed out"


async def test_signing_in_without_a_role_shows_the_error_summary_naming_the_field(portal: Portal) -> None:
    page = await portal.sign_in("")

    assert page.status_code == 400
    assert 'class="govuk-error-summary"' in page.text
    assert '<a href="#role">Select your role</a>' in page.text
    assert "<title>Error: Sign in" in page.text


async def test_the_pod_board_shows_composition_caseloads_cover_and_the_leavers_plan(portal: Portal) -> None:
    town = portal.town
    await portal.sign_in("pod_manager", town.north)

    board = await portal.client.get(f"/pods/{town.north}")

    assert board.status_code == 200
    assert "Pod 1 (North)" in board.text
    assert "Reallocation of Sam Okafor's cases" in board.text
    assert "<strong>Ben Clarke</strong> is covering" in board.text
    assert 'id="members"' in board.text, "the chart's table"
    assert "data-chart" in board.text
    assert 'desc="9 calls"' in board.headers["server-timing"], (
        "six, the leaver's name, supervision's agenda, the pod's children's names"
    )
    assert "Cases due at the next group supervision" in board.text
    agenda = board.text[board.text.index('id="agenda"') : board.text.index("</table>", board.text.index('id="agenda"'))]
    for name in ("Zoe Reed", "Max Reed", "Leo Hart", "Ava Stone"):
        assert f">{name}</a>" in agenda, "the agenda names each child"
    assert "C0001" not in agenda


async def test_a_pod_manager_cannot_open_another_pods_board(portal: Portal) -> None:
    town = portal.town
    await portal.sign_in("pod_manager", town.south)

    board = await portal.client.get(f"/pods/{town.north}")

    assert board.status_code == 403
    assert "You cannot see this page" in board.text


async def test_a_child_shows_who_holds_the_case_who_to_call_and_the_continuity_history(portal: Portal) -> None:
    town = portal.town
    await portal.sign_in("social_worker", town.north, town.workers["Amy"])

    page = await portal.client.get(f"/children/{town.children['Zoe']}")

    assert page.status_code == 200
    assert "Amy Osei, Pod 1 (North)" in page.text
    assert "Call Ben Clarke, covering for Amy Osei (leave)" in page.text
    assert "Max Reed" in page.text, "her brother"
    assert "Transfer to another worker" not in page.text, "a social worker does not transfer cases"


async def test_a_social_worker_of_another_pod_cannot_open_the_child(portal: Portal) -> None:
    town = portal.town
    await portal.sign_in("social_worker", town.south, town.workers["Cat"])

    assert (await portal.client.get(f"/children/{town.children['Zoe']}")).status_code == 403


async def test_a_transfer_shows_its_continuity_cost_first_and_happens_only_when_confirmed(portal: Portal) -> None:
    town = portal.town
    await portal.sign_in("pod_manager", town.north)
    case, today = town.cases["Leo"], date.today()
    chosen = {"to_worker_id": town.workers["Tia"], "reason": "MANAGE", "effective_date-day": str(today.day)}
    chosen |= {"effective_date-month": str(today.month), "effective_date-year": str(today.year)}

    preview = await portal.client.get(f"/cases/{case}/transfer", params=chosen)
    unchanged = await portal.client.get(f"/children/{town.children['Leo']}")
    found = re.findall(r'name="(version|key|csrf_token)" value="([^"]*)"', preview.text)
    hidden = {name: html.unescape(value) for name, value in found}
    confirmed = await portal.client.post(f"/cases/{case}/transfer", data={**chosen, **hidden})
    after = await portal.client.get(confirmed.headers["location"])

    assert preview.status_code == 200
    assert "What this transfer costs in continuity" in preview.text
    assert "2nd social worker in 12 months" in preview.text
    assert "Ben Clarke, Pod 1 (North)" in unchanged.text, "a preview changes nothing"
    assert confirmed.status_code == 303
    assert "Case transferred" in after.text
    assert "Tia Moss, Pod 1 (North)" in after.text


async def test_a_transfer_with_missing_fields_keeps_what_was_typed_and_names_each_field(portal: Portal) -> None:
    town = portal.town
    await portal.sign_in("pod_manager", town.north)

    page = await portal.client.get(
        f"/cases/{town.cases['Leo']}/transfer",
        params={
            "reason": "CHCHAN",
            "effective_date-day": "31",
            "effective_date-month": "2",
            "effective_date-year": "2024",
        },
    )

    assert page.status_code == 400
    assert '<a href="#to_worker_id">Select the worker who will take the case</a>' in page.text
    assert '<a href="#effective_date">The date the transfer takes effect must be a real date</a>' in page.text
    assert '<option value="CHCHAN" selected>' in page.text
    assert 'value="31"' in page.text


async def test_a_confirmation_on_an_out_of_date_preview_is_refused_and_keeps_the_choice(portal: Portal) -> None:
    town = portal.town
    await portal.sign_in("pod_manager", town.north)
    today = date.today()
    chosen = {"to_worker_id": town.workers["Tia"], "reason": "MANAGE", "effective_date-day": str(today.day)}
    chosen |= {"effective_date-month": str(today.month), "effective_date-year": str(today.year)}
    csrf = await portal.csrf(f"/cases/{town.cases['Leo']}/transfer")

    stale = await portal.client.post(
        f"/cases/{town.cases['Leo']}/transfer", data={**chosen, "csrf_token": csrf, "version": '"99"', "key": "k1"}
    )

    assert stale.status_code == 400
    assert "The case changed while you were looking at it" in stale.text
    assert f'<option value="{town.workers["Tia"]}" selected>' in stale.text


async def test_a_backend_that_fails_shows_which_service_and_keeps_what_was_typed(portal: Portal) -> None:
    town = portal.town
    await portal.sign_in("pod_manager", town.north)
    today = date.today()
    chosen = {"to_worker_id": town.workers["Tia"], "reason": "MANAGE", "effective_date-day": str(today.day)}
    chosen |= {"effective_date-month": str(today.month), "effective_date-year": str(today.year)}
    csrf = await portal.csrf(f"/cases/{town.cases['Leo']}/transfer")
    working = portal.web.state.api_client

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    portal.web.state.api_client = httpx.AsyncClient(transport=httpx.MockTransport(refuse))
    try:
        page = await portal.client.get(f"/pods/{town.north}")
        posted = await portal.client.post(
            f"/cases/{town.cases['Leo']}/transfer", data={**chosen, "csrf_token": csrf, "version": '"1"', "key": "k2"}
        )
    finally:
        portal.web.state.api_client = working

    assert page.status_code == 503
    assert "Sorry, there is a problem with the service" in page.text
    assert "The allocation service could not be reached" in page.text or "could not be reached" in page.text
    assert posted.status_code == 503
    assert "The transfer was not made" in posted.text
    assert 'name="reason" value="MANAGE"' in posted.text, "what the user chose is kept, to try again"


async def test_performance_shows_each_figure_with_its_definition_chart_and_table(portal: Portal) -> None:
    await portal.sign_in("performance_analyst")

    page = await portal.client.get("/performance")

    assert page.status_code == 200
    for heading in ("DfE social worker instability", "Children's Commissioner", "Local continuity", "Monthly"):
        assert heading in page.text.replace("&#39;", "'")
    assert page.text.count('class="govuk-details"') >= 4, "each figure's definition a click away"
    assert page.text.count("data-chart") == 5, "continuity, monitoring, caseloads, visits, complaints"
    assert 'id="monthly-table"' in page.text


async def test_the_monitoring_table_downloads_as_csv_and_xlsx(portal: Portal) -> None:
    await portal.sign_in("performance_analyst")

    csv = await portal.client.get("/performance/monthly-monitoring.csv", params={"from": "2024-01", "to": "2024-03"})
    xlsx = await portal.client.get("/performance/monthly-monitoring.xlsx", params={"from": "2024-01", "to": "2024-03"})

    assert csv.status_code == 200
    assert csv.text.startswith("scope,month_end,open_cases")
    assert "attachment; filename=monthly-monitoring-2024-01-to-2024-03.csv" in csv.headers["content-disposition"]
    assert xlsx.content[:2] == b"PK", "an XLSX file is a zip"


async def test_a_month_that_is_not_a_month_is_named_in_the_error_summary(portal: Portal) -> None:
    await portal.sign_in("performance_analyst")

    page = await portal.client.get("/performance", params={"from": "Nov 2015"})

    assert page.status_code == 400
    assert '<a href="#from">Enter the first month as a year and month, like 2015-11</a>' in page.text
    assert 'value="Nov 2015"' in page.text


async def test_an_unknown_page_is_a_gov_uk_page_not_found_and_the_apis_keep_their_problems(portal: Portal) -> None:
    page = await portal.client.get("/no-such-page")
    api = await portal.client.get("/allocation/v1/no-such-route")
    health = await portal.client.get("/health/live")

    assert page.status_code == 404
    assert "Page not found" in page.text
    assert api.status_code == 404
    assert api.headers["content-type"] == "application/problem+json"
    assert health.status_code == 200


async def test_a_pod_manager_sees_a_leavers_moves_with_the_childrens_names_and_applies_the_plan(portal: Portal) -> None:
    town = portal.town
    await portal.sign_in("pod_manager", town.north)
    board = await portal.client.get(f"/pods/{town.north}")
    link = re.search(r'href="(/pods/[0-9a-f-]+/plans/[0-9a-f-]+)"', board.text)
    assert link, "the pod board links to the plan"

    plan = await portal.client.get(link[1])
    found = dict(re.findall(r'name="(csrf_token|key)" value="([^"]*)"', plan.text))
    today = date.today()
    typed = {"effective_date-day": str(today.day), "effective_date-month": str(today.month)}
    future = await portal.client.post(
        link[1], data={**found, **typed, "effective_date-year": str(today.year + 1), "decision": "apply"}
    )
    again = dict(re.findall(r'name="(csrf_token|key)" value="([^"]*)"', future.text))
    applied = await portal.client.post(
        link[1], data={**again, **typed, "effective_date-year": str(today.year), "decision": "apply"}
    )
    after = await portal.client.get(applied.headers["location"])
    ava = await portal.client.get(f"/children/{town.children['Ava']}")

    assert plan.status_code == 200
    assert "Ava Stone" in plan.text, "the child's name, from the leaver's caseload"
    assert future.status_code == 400
    assert 'href="#effective_date"' in future.text, "the API's refusal names the field"
    assert applied.status_code == 303
    assert "Plan applied" in after.text
    assert "No leaver's reallocation or recalibration is waiting for a decision." in after.text
    assert "Previous worker left role" in ava.text
