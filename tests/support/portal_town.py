"""A small council written through the public REST APIs (as a front door and an HR system would), for the
portal's tests: fast, and the same whether the platform runs in this process or as a server the browser opens.

North: Nora (pod manager), Sam (senior), Amy and Ben (social workers), Tia (in training), Bo (business support);
South: Sol (pod manager) and Cat. Amy holds Zoe (looked after) and her brother Max (child protection plan); Ben
holds Leo (child in need), Sam holds Ava. Ben covers Amy's cases today; Sam has handed in his notice (a plan to
decide).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx

from tests.support.polling import eventually

NORTH = (
    ("Nora Pike", "pod_manager"),
    ("Sam Okafor", "senior_social_worker"),
    ("Amy Osei", "social_worker"),
    ("Ben Clarke", "social_worker"),
    ("Tia Moss", "social_worker_in_training"),
    ("Bo Lane", "business_support"),
)
SOUTH = (("Sol Grant", "pod_manager"), ("Cat Reyes", "social_worker"))
SINCE = "2023-01-02"


@dataclass
class PortalTown:
    north: str
    south: str
    workers: dict[str, str] = field(default_factory=dict)
    children: dict[str, str] = field(default_factory=dict)
    cases: dict[str, str] = field(default_factory=dict)


async def _made(client: httpx.AsyncClient, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    response = await client.post(path, json=body, headers={**headers, "Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code in (200, 201), f"{path}: {response.status_code} {response.text}"
    return response.json()


async def seed_portal_town(client: httpx.AsyncClient, token: str) -> PortalTown:
    """`token`: a head of service's. Every fact goes through the allocation API, so every event is in the outbox."""
    head = {"Authorization": f"Bearer {token}"}
    api = "/allocation/v1"
    north = (await _made(client, f"{api}/pods", {"name": "Pod 1 (North)", "created_on": "2022-01-03"}, head))["id"]
    south = (await _made(client, f"{api}/pods", {"name": "Pod 2 (South)", "created_on": "2022-01-03"}, head))["id"]
    town = PortalTown(north, south)
    memberships = {}
    for pod, people in ((north, NORTH), (south, SOUTH)):
        for name, role in people:
            number = f"SW{uuid.uuid4().int % 10**8}"
            registered = {"name": name, "registration_number": number, "employment": "employed"}
            worker = await _made(client, f"{api}/workers", registered, head)
            joined = await _made(
                client,
                f"{api}/workers/{worker['id']}/memberships",
                {"pod_id": pod, "role": role, "fte": 1.0, "start_date": SINCE},
                head,
            )
            town.workers[name.split()[0]], memberships[name.split()[0]] = worker["id"], joined["id"]
    family = None
    for given, family_name, la_id, born, sex, worker, status in (
        ("Zoe", "Reed", "C0001", "2012-03-09", "F", "Amy", {"kind": "CLA", "legal_status": "C2"}),
        ("Max", "Reed", "C0002", "2014-07-21", "M", "Amy", {"kind": "CP", "cp_category": "NEG"}),
        ("Leo", "Hart", "C0003", "2010-11-02", "M", "Ben", {"kind": "CIN"}),
        ("Ava", "Stone", "C0004", "2011-05-30", "F", "Sam", {"kind": "CIN"}),
    ):
        body: dict[str, Any] = {
            "la_child_id": la_id,
            "given_name": given,
            "family_name": family_name,
            "date_of_birth": born,
            "sex": sex,
        }
        if family_name == "Reed" and family is not None:
            body["family_id"] = family
        child = await _made(client, f"{api}/children", body, head)
        family = child["family_id"] if family_name == "Reed" else family
        case = await _made(
            client, f"{api}/children/{child['id']}/cases", {"referral_date": "2024-01-08", "source": "school"}, head
        )
        await _made(client, f"{api}/cases/{case['id']}/statuses", {**status, "start_date": "2024-01-08"}, head)
        await _made(
            client,
            f"{api}/cases/{case['id']}/allocations",
            {"pod_id": north, "worker_id": town.workers[worker], "start_date": "2024-01-08"},
            head,
        )
        town.children[given], town.cases[given] = child["id"], case["id"]
    today = date.today().isoformat()
    cover = {"covering_worker_id": town.workers["Ben"], "start_date": today, "reason": "leave"}
    await _made(client, f"{api}/workers/{town.workers['Amy']}/covers", cover, head)
    notice = {"end_date": (date.today() + timedelta(days=28)).isoformat()}
    await _made(client, f"{api}/workers/{town.workers['Sam']}/memberships/{memberships['Sam']}/end", notice, head)
    await _followed_by_kpi(client, head, town)
    await _followed_by_records_and_supervision(client, head, town)
    return town


async def _followed_by_kpi(client: httpx.AsyncClient, head: dict[str, str], town: PortalTown) -> None:
    """The pod board's caseloads come from the KPI service's read model: wait until it holds the four cases."""

    async def cases() -> int:
        figure = (await client.get("/kpi/v1/caseloads", headers=head)).json()["figure"]
        return int(figure["caseloads"]["pods"].get(town.north, {}).get("cases", 0))

    await eventually(cases, lambda held: held == 4, what="the KPI service to follow the town's allocations")


async def _followed_by_records_and_supervision(
    client: httpx.AsyncClient, head: dict[str, str], town: PortalTown
) -> None:
    """A child's story (records) and the pod's agenda (supervision) come from their own views of allocation: wait
    until both know the four children and who holds them."""

    async def known() -> int:
        answers = [await client.get(f"/records/v1/children/{child}", headers=head) for child in town.children.values()]
        return sum(1 for a in answers if a.status_code == 200 and a.json()["worker_id"])

    async def held() -> int:
        agenda = await client.get(f"/supervision/v1/pods/{town.north}/agenda", headers=head)
        return int(agenda.json()["cases_held"]) if agenda.status_code == 200 else 0

    await eventually(known, lambda count: count == 4, what="the records service to follow the town's children")
    await eventually(held, lambda count: count == 4, what="the supervision service to follow the pod's cases")


async def seed_feedback(client: httpx.AsyncClient, officer: str, town: PortalTown) -> None:
    """`officer`: a feedback officer's token. A complaint about Zoe's change of worker received three weeks ago and
    never acknowledged (overdue), one about Leo received today (due soon), a compliment for Amy, and the children
    in care council's questionnaire answered by six young people and closed."""
    head = {"Authorization": f"Bearer {officer}"}
    api, today = "/feedback/v1", date.today()
    complainant = {"relation": "parent", "name": "Jo Reed", "contact": "01632 960001"}
    for child, received, themes, summary in (
        ("Zoe", today - timedelta(days=21), ["change_of_worker"], "Nobody told us the last social worker had left."),
        ("Leo", today, ["communication"], "Calls about contact are not returned."),
    ):
        body = {
            "received_on": received.isoformat(),
            "channel": "email",
            "complainant": complainant,
            "child_id": town.children[child],
            "themes": themes,
            "summary": summary,
        }
        await _made(client, f"{api}/complaints", body, head)
    praise = {
        "received_on": today.isoformat(),
        "from_relation": "carer",
        "worker_ids": [town.workers["Amy"]],
        "summary": "Amy came to every review and Zoe trusts her.",
    }
    await _made(client, f"{api}/compliments", praise, head)
    period = {
        "period_start": (today - timedelta(days=30)).isoformat(),
        "period_end": (today - timedelta(days=1)).isoformat(),
    }
    run = await _made(
        client, f"{api}/questionnaire-runs", {"questionnaire_code": "children_in_care_council", **period}, head
    )
    for score in (5, 4, 4, 3, 5, 2):
        answers = [{"item": "cic_01", "score": score}, {"item": "cic_02", "score": min(5, score + 1)}]
        answered = {"answers": answers, "answered_on": (today - timedelta(days=2)).isoformat()}
        await _made(client, f"{api}/questionnaire-runs/{run['id']}/responses", answered, head)
    await _made(client, f"{api}/questionnaire-runs/{run['id']}/close", {"closed_on": today.isoformat()}, head)


async def seed_signed_off_actions(client: httpx.AsyncClient, manager: str, town: PortalTown) -> dict[str, str]:
    """`manager`: Nora's token (North's pod manager). A group session held today where Leo was discussed and two
    actions agreed for Amy, signed off: so they can be marked done or cancelled. The actions' ids by description."""
    head = {"Authorization": f"Bearer {manager}"}
    api, today = "/supervision/v1", date.today()
    session = await _made(
        client, f"{api}/pods/{town.north}/sessions", {"kind": "group", "scheduled_for": today.isoformat()}, head
    )
    attendees = [
        {"worker_id": town.workers["Nora"], "role": "facilitator", "present": True},
        {"worker_id": town.workers["Amy"], "role": "participant", "present": True},
    ]
    await _made(
        client, f"{api}/sessions/{session['id']}/held", {"held_on": today.isoformat(), "attendees": attendees}, head
    )
    due = (today + timedelta(days=10)).isoformat()
    leo = town.children["Leo"]
    actions = [
        {"child_id": leo, "description": description, "owner_id": town.workers["Amy"], "due_date": due}
        for description in ("Ring Leo's school about attendance", "Book Leo's health assessment")
    ]
    discussion = {
        "children": [{"child_id": leo}],
        "decision": "Carry on with the child in need plan.",
        "rationale": "School says attendance is improving.",
        "actions": actions,
    }
    recorded = await _made(client, f"{api}/sessions/{session['id']}/discussions", discussion, head)
    read = await client.get(f"{api}/sessions/{session['id']}", headers=head)
    signed = await client.post(
        f"{api}/sessions/{session['id']}/sign-off",
        headers={**head, "If-Match": read.headers["etag"], "Idempotency-Key": str(uuid.uuid4())},
    )
    assert signed.status_code == 200, signed.text
    return {a["description"]: a["id"] for a in recorded["actions"]}


async def seed_notes(client: httpx.AsyncClient, author: str, child_id: str) -> dict[str, str]:
    """`author`: a worker's token (its subject is their id). A completed note and a draft note about the child, by
    them: for adding to, marking entered in error, editing and completing. Their ids by title."""
    head = {"Authorization": f"Bearer {author}"}
    written = {}
    for title, status in (("Phone call with school", "complete"), ("Notes from the core group", "draft")):
        body = {
            "entry_type": "note",
            "status": status,
            "occurred_on": (date.today() - timedelta(days=1)).isoformat(),
            "title": title,
            "text": f"{title}: first thoughts.",
            "children": [{"child_id": child_id}],
        }
        written[title] = (await _made(client, "/records/v1/entries", body, head))["id"]
    return written


HEALTH_CHECK_YES_NO = ("hc_caseload_reasonable", "hc_beyond_hours", "hc_reflective_supervision", "hc_recommend")
HEALTH_CHECK_SHARES = ("hc_time_direct_work", "hc_time_recording", "hc_time_meetings_court", "hc_time_travel")
HEALTH_CHECK_SCALES = ("hc_supported_by_pod", "hc_tools", "hc_valued", "hc_proud")


async def seed_health_check(client: httpx.AsyncClient, officer: str, town: PortalTown) -> str:
    """`officer`: a feedback officer's token. The staff health check, closed: seven answers from North, five
    naming no pod and two from South (too few: suppressed, and the no-pod group with it, or South could be worked
    out from the total). Its run id."""
    head = {"Authorization": f"Bearer {officer}"}
    api, today = "/feedback/v1", date.today()
    period = {
        "period_start": (today - timedelta(days=20)).isoformat(),
        "period_end": (today - timedelta(days=1)).isoformat(),
    }
    run = await _made(
        client, f"{api}/questionnaire-runs", {"questionnaire_code": "social_work_health_check", **period}, head
    )
    pods = [town.north] * 7 + [None] * 5 + [town.south] * 2
    for number, pod in enumerate(pods):
        answers: list[dict[str, Any]] = [
            {"item": i, "yes": (number + k) % 3 != 0} for k, i in enumerate(HEALTH_CHECK_YES_NO)
        ]
        answers += [{"item": i, "percent": 25} for i in HEALTH_CHECK_SHARES]
        answers += [{"item": i, "score": 1 + (number + k) % 5} for k, i in enumerate(HEALTH_CHECK_SCALES)]
        answered = {"answers": answers, "answered_on": (today - timedelta(days=2)).isoformat(), "pod_id": pod}
        await _made(client, f"{api}/questionnaire-runs/{run['id']}/responses", answered, head)
    await _made(client, f"{api}/questionnaire-runs/{run['id']}/close", {"closed_on": today.isoformat()}, head)
    return str(run["id"])
