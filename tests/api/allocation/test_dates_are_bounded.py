"""Every date the allocation service takes, in a body or a query, lies between 1900-01-01 and 2100-12-31: year 0001
or 9999 is a 422 problem naming the field, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa

from tests.api.allocation.conftest import TODAY, Api, Town

pytestmark = pytest.mark.asyncio(loop_scope="module")


@dataclass(frozen=True)
class DatedRequest:
    method: str
    path: Callable[[Town], str]
    body: Callable[[Town, str], dict[str, Any]] | None = None
    query: str | None = None


DATED = {
    "start_date": DatedRequest(
        "POST",
        lambda t: f"/cases/{t.case}/statuses",
        lambda t, day: {"kind": "CIN", "start_date": day},
    ),
    "date_of_birth": DatedRequest(
        "POST",
        lambda t: "/children",
        lambda t, day: {"la_child_id": "C9", "given_name": "A", "family_name": "B", "date_of_birth": day, "sex": "F"},
    ),
    "referral_date": DatedRequest(
        "POST",
        lambda t: f"/children/{t.child}/cases",
        lambda t, day: {"referral_date": day, "source": "school"},
    ),
    "created_on": DatedRequest("POST", lambda t: "/pods", lambda t, day: {"name": "Pod 9", "created_on": day}),
    "effective_date": DatedRequest(
        "POST",
        lambda t: f"/cases/{t.case}/transfers",
        lambda t, day: {"to_worker_id": t.workers["Ben"], "reason": "MANAGE", "effective_date": day},
    ),
    "end_date": DatedRequest(
        "POST",
        lambda t: f"/workers/{t.workers['Ben']}/memberships/{t.memberships['Ben']}/end",
        lambda t, day: {"end_date": day},
    ),
    "membership start_date": DatedRequest(
        "POST",
        lambda t: f"/workers/{t.workers['Ben']}/memberships",
        lambda t, day: {"pod_id": t.south, "role": "social_worker", "fte": 1.0, "start_date": day},
    ),
    "cover end_date": DatedRequest(
        "POST",
        lambda t: f"/cases/{t.case}/covers",
        lambda t, day: {
            "covering_worker_id": t.workers["Ben"],
            "start_date": TODAY,
            "end_date": day,
            "reason": "leave",
        },
    ),
    "as_at": DatedRequest("GET", lambda t: f"/pods/{t.north}/composition", query="as_at"),
    "on": DatedRequest("GET", lambda t: f"/cases/{t.case}/contact", query="on"),
    "from": DatedRequest("GET", lambda t: "/audit-log", query="from"),
}


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
@pytest.mark.parametrize("field", list(DATED))
async def test_a_date_outside_1900_to_2100_is_a_422_naming_the_field_and_writes_nothing(
    shared_api: Api, shared_town: Town, field: str, day: str
) -> None:
    request = DATED[field]
    name = field.split()[-1]
    caller = shared_api.headers("auditor") if name == "from" else shared_api.head
    value = f"{day}T00:00:00Z" if name == "from" else day
    outbox_before = await _outbox(shared_api)

    response = await shared_api.client.request(
        request.method,
        request.path(shared_town),
        json=request.body(shared_town, value) if request.body else None,
        params={request.query: value} if request.query else None,
        headers=caller,
    )

    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == [f"query.{name}" if request.query else name]
    assert await _outbox(shared_api) == outbox_before


async def _outbox(api: Api) -> int:
    async with api.runtime.engine.connect() as connection:
        outbox = api.runtime.service.tables.outbox
        return int((await connection.execute(sa.select(sa.func.count()).select_from(outbox))).scalar_one())
