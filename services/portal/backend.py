"""The portal's one door to the other services: their public REST APIs, called with the signed-in user's bearer
token. The portal owns no data and decides nothing about access: every figure and every refusal comes from an API.

In `make run` the calls go in-process to the platform's own ASGI app (still the public routes, with their auth,
scope, audit and problem answers); deployed, over HTTP to `CONTINUUM_PORTAL_SERVICE_URLS` or `…_API_URL`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from services.portal.settings import PortalSettings
from shared.observability import correlation_id

IN_PROCESS = "http://platform"


class BackendUnavailable(Exception):
    """A service did not answer, or answered 5xx: the page says which, and keeps what the user typed."""

    def __init__(self, service: str, detail: str) -> None:
        super().__init__(f"{service}: {detail}")
        self.service = service
        self.detail = detail


class BackendProblem(Exception):
    """A 4xx problem+json from a service: a page shows its detail, a form shows its fields' messages."""

    def __init__(
        self, service: str, status: int, detail: str, fields: dict[str, str], paths: dict[str, str] | None = None
    ) -> None:
        super().__init__(f"{service} {status}: {detail}")
        self.service = service
        self.status = status
        self.detail = detail
        self.fields = fields
        self.paths = paths or {}
        """Each refused field by its whole path (`children.1.seen`): a form with a row per child needs the row."""


@dataclass
class CallLog:
    """What one page asked the APIs for: the count and time go out in `Server-Timing` (measured by make bench)."""

    calls: int = 0
    seconds: float = 0.0
    paths: list[str] = field(default_factory=list)


def make_client(settings: PortalSettings, platform_app: Any) -> httpx.AsyncClient:
    timeout = httpx.Timeout(settings.timeout_seconds)
    if settings.api_url or settings.service_urls:
        return httpx.AsyncClient(timeout=timeout, limits=httpx.Limits(max_connections=100))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=platform_app), timeout=timeout)


class Backend:
    def __init__(self, client: httpx.AsyncClient, settings: PortalSettings, token: str | None) -> None:
        self.client = client
        self.settings = settings
        self.token = token
        self.log = CallLog()

    def url(self, service: str, path: str) -> str:
        base = self.settings.service_urls.get(service) or self.settings.api_url or IN_PROCESS
        return f"{base.rstrip('/')}/{service}/v1{path}"

    def _headers(self, extra: dict[str, str] | None) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if request_id := correlation_id():
            headers["X-Request-ID"] = request_id
        return {**headers, **(extra or {})}

    async def request(
        self,
        method: str,
        service: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        query = {key: str(value) for key, value in (params or {}).items() if value is not None}
        started = time.perf_counter()
        try:
            response = await self.client.request(
                method, self.url(service, path), params=query, json=body, headers=self._headers(headers)
            )
        except httpx.TimeoutException:
            raise BackendUnavailable(service, "did not answer in time") from None
        except httpx.HTTPError as failure:
            raise BackendUnavailable(service, f"could not be reached ({type(failure).__name__})") from None
        finally:
            self.log.calls += 1
            self.log.seconds += time.perf_counter() - started
            self.log.paths.append(f"{method} /{service}/v1{path}")
        if response.status_code >= 500:
            raise BackendUnavailable(service, f"answered {response.status_code}")
        if response.status_code >= 400:
            raise _problem(service, response)
        return response

    async def get(self, service: str, path: str, **params: Any) -> Any:
        return (await self.request("GET", service, path, params=params)).json()

    async def post(self, service: str, path: str, body: Any, headers: dict[str, str] | None = None) -> Any:
        return (await self.request("POST", service, path, body=body, headers=headers)).json()


def _problem(service: str, response: httpx.Response) -> BackendProblem:
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    fields: dict[str, str] = {}
    paths: dict[str, str] = {}
    for error in body.get("errors") or []:
        # "body.effective_date" or "query.to_worker_id": the page's field is the last part.
        path = str(error.get("field", "")).removeprefix("body.").removeprefix("query.")
        fields.setdefault(path.split(".")[-1], str(error.get("message", "")))
        paths.setdefault(path, str(error.get("message", "")))
    detail = str(body.get("detail") or response.reason_phrase)
    return BackendProblem(service, response.status_code, detail, fields, paths)
