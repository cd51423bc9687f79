"""Benchmark 6: the portal's pages on the synthetic town, as `make run` serves them (allocation, KPI and the portal
in one process; the portal calls the APIs in-process through their public routes).

The town is loaded first (`--demo town`: 25 pods, about 2,000 open children) and the KPI service left to follow it,
then the services' own stories (records' visits and summaries, supervision's sessions, feedback's complaints).
Then, for each page, signed in as the user it is for, a few warm-up requests and `REQUESTS` measured one after
another: server time is the time to the full response over loopback. Each page also reports how many API calls
it made (its `Server-Timing` header). Baseline in the same run: the sign-out confirmation page, which renders the
same GOV.UK template and calls no API (the floor of a page). Target: p95 ≤ 300 ms for every page.
"""

from __future__ import annotations

import asyncio
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx

from bench.processes import Process
from bench.report import Outcome, Row
from bench.rig import Rig
from shared.auth.tokens import mint_development_token
from shared.settings import PlatformSettings

PORT = 5
REQUESTS = 40
WARM_UP = 3
TARGET_MS = 300.0
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
CALLS = re.compile(r'desc="(\d+) calls"')


@dataclass
class Timing:
    p50: float
    p95: float
    calls: int


async def _signed_in(url: str, role: str, pod: str = "", worker: str = "") -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=url, timeout=60.0)
    page = await client.get("/sign-in")
    found = CSRF.search(page.text)
    assert found, "no sign-in form"
    form = {"csrf_token": found[1], "role": role, "pod_id": pod, "worker_id": worker}
    answer = await client.post("/sign-in", data=form)
    assert answer.status_code == 303, f"sign-in as {role}: {answer.status_code}"
    return client


async def _time(client: httpx.AsyncClient, path: str) -> Timing:
    seconds, calls = [], 0
    for n in range(WARM_UP + REQUESTS):
        started = time.perf_counter()
        response = await client.get(path)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, f"{path}: {response.status_code}"
        if n >= WARM_UP:
            seconds.append(elapsed * 1000)
        found = CALLS.search(response.headers.get("server-timing", ""))
        calls = int(found[1]) if found else 0
    quantiles = statistics.quantiles(seconds, n=20, method="inclusive")
    return Timing(statistics.median(seconds), quantiles[18], calls)


async def _town_loaded(url: str, token: str) -> tuple[str, str, str]:
    """Waits until the town is written and the KPI service has followed all of it (no lag, and the held cases
    unchanged over three looks); returns a pod, a social worker in it with a caseload, and a child they hold."""
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, timeout=60.0, headers=headers) as client:
        deadline, seen = time.monotonic() + 900, list[int]()
        while time.monotonic() < deadline:
            lag = (await client.get("/kpi/v1/freshness")).json()["figure"].get("consumer_lag")
            held = (await client.get("/kpi/v1/caseloads")).json()["figure"]["caseloads"]["service"]["cases"]
            seen = [*seen[-2:], held] if lag == 0 and held > 0 else []
            if len(seen) == 3 and len(set(seen)) == 1:
                break
            await asyncio.sleep(3)
        pods = (await client.get("/allocation/v1/pods", params={"limit": 500})).json()["items"]
        pod = sorted(pods, key=lambda p: p["name"])[0]["id"]
        composition = (await client.get(f"/allocation/v1/pods/{pod}/composition")).json()
        social_workers = [m["worker_id"] for m in composition["members"] if m["role"] == "social_worker"]
        for worker in social_workers:
            load = (await client.get(f"/allocation/v1/workers/{worker}/caseload")).json()
            if load["cases"]:
                return pod, worker, load["cases"][0]["child_id"]
    raise RuntimeError("no social worker with a caseload in the town")


async def _stories_loaded(url: str, token: str, pod: str) -> tuple[str, str]:
    """Waits until the demo's stories are written: supervision's sessions, feedback's complaints, then records'
    (last): the pod's children seen and summarised, unchanged over three looks. Returns a session and a child on
    its agenda."""
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, timeout=60.0, headers=headers) as client:
        deadline, seen = time.monotonic() + 1200, list[tuple[int, ...]]()
        while time.monotonic() < deadline:
            visits = await client.get(f"/records/v1/pods/{pod}/visits")
            summaries = await client.get(f"/records/v1/pods/{pod}/case-summaries")
            sessions = await client.get(f"/supervision/v1/pods/{pod}/sessions", params={"limit": 200})
            complaints = await client.get("/feedback/v1/complaints", params={"limit": 200})
            counts = (
                sum(1 for c in visits.json()["children"] if c["last_seen"]) if visits.status_code == 200 else 0,
                sum(1 for c in summaries.json()["cases"] if c["last_summary_on"])
                if summaries.status_code == 200
                else 0,
                len(sessions.json()["items"]) if sessions.status_code == 200 else 0,
                len(complaints.json()["items"]) if complaints.status_code == 200 else 0,
            )
            seen = [*seen[-2:], counts] if all(counts) else []
            if len(seen) == 3 and len(set(seen)) == 1:
                break
            await asyncio.sleep(5)
        session = (await client.get(f"/supervision/v1/pods/{pod}/sessions", params={"limit": 1})).json()["items"][0]
        agenda = (await client.get(f"/supervision/v1/sessions/{session['id']}/agenda")).json()["items"]
        return session["id"], agenda[0]["child_id"]


async def run(rig: Rig) -> Outcome:
    outcome = Outcome()
    port = rig.port(PORT)
    data_dir = Path(tempfile.mkdtemp(prefix="continuum-bench-portal-"))
    argv = [sys.executable, "-m", "services", "run", "--port", str(port), "--data-dir", str(data_dir), "--demo", "town"]
    environment = {"CONTINUUM_LOG_LEVEL": "WARNING", "CONTINUUM_ENVIRONMENT": "development"}
    process = rig.processes.start(Process("portal-embedded", argv, environment, port))
    await process.ready(timeout=120.0)
    development = PlatformSettings(environment="development")
    token = mint_development_token(development, subject="bench", roles=["head_of_service"])
    pod, worker, child = await _town_loaded(process.url, token)
    session, discussed = await _stories_loaded(process.url, token, pod)
    today = date.today()
    social_worker = await _signed_in(process.url, "social_worker", pod, worker)
    manager = await _signed_in(process.url, "pod_manager", pod)
    analyst = await _signed_in(process.url, "performance_analyst")
    head = await _signed_in(process.url, "head_of_service")
    case = await _a_case_of(manager, child)
    preview = (
        f"/cases/{case}/transfer?to_worker_id={worker}&reason=MANAGE&effective_date-day={today.day}"
        f"&effective_date-month={today.month}&effective_date-year={today.year}"
    )
    pages = {
        "sign-out page (no API call)": (social_worker, "/signed-out"),
        "My work": (social_worker, "/my-work"),
        "Pod board": (manager, f"/pods/{pod}"),
        "A worker's caseload": (manager, f"/workers/{worker}"),
        "A child": (manager, f"/children/{child}"),
        "Transfer form": (manager, f"/cases/{case}/transfer"),
        "Transfer with its continuity cost": (manager, preview),
        "Performance": (analyst, "/performance"),
        "A child's story searched": (social_worker, f"/children/{child}?q=school"),
        "A child's story, visits only": (social_worker, f"/children/{child}?type=visit"),
        "A child's chronology": (social_worker, f"/children/{child}/chronology"),
        "Record a visit (form)": (social_worker, f"/children/{child}/visit"),
        "Write a case summary (form)": (social_worker, f"/children/{child}/case-summary"),
        "Group supervision sessions": (manager, f"/pods/{pod}/supervision"),
        "A session with its agenda": (manager, f"/sessions/{session}"),
        "A discussion (form)": (manager, f"/sessions/{session}/discussions/new?child_id={discussed}"),
        "Feedback (pod manager)": (manager, "/feedback"),
        "Feedback (head of service)": (head, "/feedback"),
    }
    try:
        timings = {name: await _time(client, path) for name, (client, path) in pages.items()}
    finally:
        for client in (social_worker, manager, analyst, head):
            await client.aclose()
    floor = timings.pop("sign-out page (no API call)")
    for name, timing in timings.items():
        outcome.rows.append(
            Row(
                "6 portal",
                f"{name}: server time p50 / p95 · API calls",
                f"{timing.p50:.0f} / {timing.p95:.0f} ms · {timing.calls}",
                f"{floor.p50:.0f} / {floor.p95:.0f} ms · 0",
                target="p95 ≤ 300 ms",
                met=timing.p95 <= TARGET_MS,
            )
        )
    outcome.notes.append(
        f"Portal: embedded (`make run`), the synthetic town, {REQUESTS} sequential requests per page after {WARM_UP} "
        "warm-up; baseline: the sign-out page (the same template, no API call). API calls from each page's "
        "Server-Timing header."
    )
    return outcome


async def _a_case_of(client: httpx.AsyncClient, child: str) -> str:
    page = await client.get(f"/children/{child}")
    found = re.search(r'href="/cases/([0-9a-f-]{36})/transfer"', page.text)
    assert found, f"the pod manager sees no transfer link on the child's page ({page.status_code})"
    return found[1]
