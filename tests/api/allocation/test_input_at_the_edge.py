"""Input no service should ever see is refused at the edge with a 4xx problem naming the field, before anything
reads it: NUL characters (PostgreSQL cannot store them), headers that are not plain text, bodies that are not
UTF-8, malformed or absurdly nested JSON (issue 14, item 11)."""

from __future__ import annotations

import pytest

from tests.api.allocation.conftest import Api, Town

PROBLEM_JSON = "application/problem+json"


def _field(response: object) -> str:
    body = response.json()  # type: ignore[attr-defined]
    return str(body["errors"][0]["field"])


@pytest.mark.infra
async def test_a_nul_character_in_a_body_or_a_filter_is_a_422_naming_it_on_postgresql(
    pg_api: Api, pg_town: Town
) -> None:
    child = {"la_child_id": "C\u00009", "given_name": "Zoe", "family_name": "Reed", "date_of_birth": "2014-03-09"}
    in_body = await pg_api.client.post("/children", json={**child, "sex": "F"}, headers=pg_api.head)
    in_filter = await pg_api.client.get("/children", params={"la_child_id": "C\x009"}, headers=pg_api.head)
    still_serving = await pg_api.client.get("/pods", headers=pg_api.head)

    assert (in_body.status_code, _field(in_body)) == (422, "body.la_child_id")
    assert (in_filter.status_code, _field(in_filter)) == (422, "query.la_child_id")
    assert in_body.headers["content-type"] == PROBLEM_JSON
    assert still_serving.status_code == 200, "the database connection did not survive"


@pytest.mark.parametrize("header", ["Authorization", "Idempotency-Key", "X-Request-ID"])
async def test_a_header_that_is_not_plain_text_is_a_400_naming_it_even_on_health(api: Api, header: str) -> None:
    raw = [(header.encode(), b"\xff\xfe not text")]

    refused = await api.client.get("http://test/health/live", headers=raw)

    assert (refused.status_code, _field(refused)) == (400, header)
    assert refused.headers["content-type"] == PROBLEM_JSON


async def test_a_body_that_is_not_utf8_is_a_400_naming_the_body(api: Api) -> None:
    refused = await api.client.post(
        "/pods", content=b'{"name": "\xff"}', headers={**api.head, "Content-Type": "application/json"}
    )

    assert (refused.status_code, _field(refused)) == (400, "body")
    assert "UTF-8" in refused.json()["detail"]


async def test_malformed_json_is_a_400_naming_the_body_with_where_it_broke(api: Api) -> None:
    refused = await api.client.post(
        "/pods", content=b'{"name": "North",', headers={**api.head, "Content-Type": "application/json"}
    )

    assert (refused.status_code, _field(refused)) == (400, "body")
    assert "line 1" in refused.json()["detail"]


async def test_json_nested_deeper_than_any_body_is_a_400(api: Api) -> None:
    deep = b'{"name": ' + b"[" * 200 + b"]" * 200 + b"}"

    refused = await api.client.post("/pods", content=deep, headers={**api.head, "Content-Type": "application/json"})

    assert (refused.status_code, _field(refused)) == (400, "body")
    assert "nested" in refused.json()["detail"]


async def test_a_query_string_that_is_not_utf8_is_a_400(api: Api) -> None:
    refused = await api.client.get("/children?la_child_id=%FF", headers=api.head)

    assert (refused.status_code, _field(refused)) == (400, "query.la_child_id")
