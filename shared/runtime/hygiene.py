"""Input no service should ever see, refused at the edge with a 4xx naming the field: a header that is not plain
text, a NUL character anywhere (PostgreSQL cannot store one, and the driver resets the connection), a query string
or a JSON body that is not UTF-8, malformed JSON, and JSON nested deeper than any body of ours."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote_to_bytes

import orjson

from shared.problems import PROBLEM_JSON

CHECKED_HEADERS = {
    b"authorization": "Authorization",
    b"idempotency-key": "Idempotency-Key",
    b"x-request-id": "X-Request-ID",
}
MAX_DEPTH = 32


class Refusal(Exception):
    def __init__(self, status: int, field: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.field, self.detail = status, field, detail

    def body(self) -> bytes:
        title = {400: "Bad request", 422: "Invalid request"}[self.status]
        problem = {
            "type": f"https://continuum.example/problems/{title.lower().replace(' ', '-')}",
            "title": title,
            "status": self.status,
            "detail": self.detail,
            "errors": [{"field": self.field, "message": self.detail}],
        }
        return json.dumps(problem).encode()

    def messages(self) -> list[dict[str, Any]]:
        headers = [(b"content-type", PROBLEM_JSON.encode())]
        return [
            {"type": "http.response.start", "status": self.status, "headers": headers},
            {"type": "http.response.body", "body": self.body()},
        ]


def check_headers(headers: list[tuple[bytes, bytes]]) -> None:
    for name, value in headers:
        label = CHECKED_HEADERS.get(name.lower())
        if label and not all(0x20 <= byte < 0x7F or byte == 0x09 for byte in value):
            raise Refusal(400, label, f"the {label} header must be plain printable ASCII")


def check_query(raw: bytes) -> None:
    for pair in raw.split(b"&"):
        name, _, value = pair.partition(b"=")
        field = f"query.{_text(unquote_to_bytes(name.replace(b'+', b' ')), 'query')}"
        decoded = _text(unquote_to_bytes(value.replace(b"+", b" ")), field)
        if "\x00" in decoded:
            raise Refusal(422, field, "a NUL character is not allowed")


def check_json(body: bytes) -> None:
    text = _text(body, "body")
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError as malformed:
        if "recursion" in str(malformed).lower():
            raise Refusal(400, "body", f"the JSON is nested more than {MAX_DEPTH} levels deep") from None
        raise Refusal(400, "body", f"the body is not valid JSON: {malformed}") from None
    _check_value(document, "body", 0)


def _check_value(value: Any, field: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise Refusal(400, "body", f"the JSON is nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, str):
        if "\x00" in value:
            raise Refusal(422, field, "a NUL character is not allowed")
    elif isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in key:
                raise Refusal(422, field, "a NUL character is not allowed in a field name")
            _check_value(item, f"{field}.{key}", depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_value(item, f"{field}.{index}", depth + 1)


def _text(raw: bytes, field: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as invalid:
        raise Refusal(400, field, f"not valid UTF-8 (byte {invalid.start})") from None
