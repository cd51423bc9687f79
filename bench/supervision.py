"""Benchmark 8: the supervision service (issue 9) on PostgreSQL, as its own process following allocation over Kafka.

- The agenda of a 60-case pod: p95 after loading as much session history as fits in the load budget
  (BENCH_SUPERVISION_LOAD_SECONDS; the issue asks two years of weekly sessions for 1,200 pods), beside the same
  agenda before the load.
- Recording a discussion with a decision, 3 scores and 2 actions (POST /sessions/{id}/discussions): req/s beside
  the allocation transfer's req/s in the same run.

The pod, its manager and ten social workers and its 60 allocated cases are set up through allocation's API and
followed by supervision over Kafka; the sessions, discussions and agenda reads go through supervision's API as the
pod's manager. The history is written with the benchmark's own bulk path (bench/bulk.py) into supervision's real
tables: signed-off weekly sessions, each discussing 15 of the pod's children, with their scores and actions.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
import uuid
from datetime import UTC, date, datetime, timedelta

import asyncpg
import httpx
import orjson

from bench.baseline import read_latencies, transfer_rate
from bench.bulk import Loaded, copies_with_new_ids, copy, indexes_set_aside
from bench.council import API, FIRST_REFERRAL, JOINED, hire, open_cases
from bench.load import NextRequest, Request, closed_loop, each
from bench.processes import SIGNING_KEY
from bench.records import _latency_row, _rate_row
from bench.report import Outcome
from bench.rig import Rig, _number
from bench.topics import reset_topics
from shared.auth.tokens import mint_development_token
from shared.settings import PlatformSettings

ALLOCATION_PORT, SUPERVISION_PORT = 1, 8
SUPERVISION = "/supervision/v1"
CASES, WORKERS, PODS_TARGET, WEEKS, PER_SESSION = 60, 10, 1_200, 104, 15
READS = 100
PODS_PER_COPY = 50
AGENDA_TARGET_MS = 100.0
DECISION = "Convene a family network meeting within two weeks to agree who supervises weekend care."
RATIONALE = "Grandmother is willing and trusted; a plan the family builds is likelier to hold."


def _manager_token(pod: str, manager: str) -> str:
    settings = PlatformSettings(environment="test", auth_signing_key=SIGNING_KEY)
    return mint_development_token(settings, subject="bench-nora", roles=["pod_manager"], pods=[pod], worker_id=manager)


async def _pod(url: str, token: str) -> tuple[str, str, list[str], list[tuple[str, str]]]:
    """A pod with a manager, ten social workers and 60 allocated cases with a status; (pod, manager, workers,
    [(child, case)])."""
    staff = await hire(url, token, pods=1, workers_per_pod=WORKERS)
    [(pod, workers)] = staff.workers_by_pod.items()
    [made] = await each(url, token, [("POST", f"{API}/workers", {"name": "Nora", "employment": "employed"})])
    manager = orjson.loads(made)["id"]
    joining = {"pod_id": pod, "role": "pod_manager", "fte": 1.0, "start_date": JOINED.isoformat()}
    await each(url, token, [("POST", f"{API}/workers/{manager}/memberships", joining)])
    cases = await open_cases(url, token, CASES, staff=staff)
    start = (FIRST_REFERRAL + timedelta(days=366)).isoformat()
    statuses: list[Request] = [
        ("POST", f"{API}/cases/{c.id}/statuses", {"kind": "CP", "start_date": start, "cp_category": "NEG"})
        if n % 3 == 0
        else ("POST", f"{API}/cases/{c.id}/statuses", {"kind": "CIN", "start_date": start})
        for n, c in enumerate(cases)
    ]
    await each(url, token, statuses)
    return pod, manager, workers, [(c.child_id, c.id) for c in cases]


async def _followed(url: str, token: str, pod: str, timeout: float = 600.0) -> None:
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(base_url=url, timeout=30.0, headers={"Authorization": f"Bearer {token}"}) as client:
        while True:
            answer = await client.get(f"{SUPERVISION}/pods/{pod}/agenda")
            if answer.status_code == 200 and answer.json()["cases_held"] == CASES:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"supervision has not followed the pod: {answer.status_code} {answer.text[:300]}")
            await asyncio.sleep(0.5)


async def _sessions(url: str, token: str, pod: str, manager: str, workers: list[str], count: int) -> list[str]:
    """Held group sessions on weekdays of their own (never a history day), most recent first."""
    days = [date.today() - timedelta(days=7 * k + 3) for k in range(1, count + 1)]
    made = await each(url, token, [("POST", f"{SUPERVISION}/pods/{pod}/sessions", {"scheduled_for": d.isoformat()})
                                   for d in days])  # fmt: skip
    ids = [orjson.loads(body)["id"] for body in made]
    attendees = [{"worker_id": manager, "role": "facilitator"}] + [
        {"worker_id": w, "role": "presenter"} for w in workers
    ]
    held: list[Request] = [
        ("POST", f"{SUPERVISION}/sessions/{i}/held", {"held_on": d.isoformat(), "attendees": attendees})
        for i, d in zip(ids, days, strict=True)
    ]
    await each(url, token, held)
    return ids


def discussions(
    sessions: list[str], days: list[date], children: list[tuple[str, str]], workers: list[str], concurrency: int
) -> NextRequest:
    """Each connection discusses its own sessions' children, one after another (two connections never write to one
    session, whose version every discussion moves on)."""
    done = [0] * concurrency

    def next_request(connection: int, _: int) -> Request | None:
        owned = list(range(connection, len(sessions), concurrency))
        n = done[connection]
        done[connection] += 1
        if n // CASES >= len(owned):
            return None
        session = owned[n // CASES]
        child, _case = children[n % CASES]
        due = (days[session] + timedelta(days=14)).isoformat()
        body = {
            "children": [{"child_id": child}],
            "worries": {"harm": "Bruise seen at school.", "danger_statement": "Hurt again when the adults drink."},
            "working_well": {"strengths": "Grandmother close by and trusted."},
            "needs_to_happen": {"next_steps": "Family network meeting; checks on the new partner."},
            "decision": DECISION,
            "rationale": RATIONALE,
            "scores": [
                {"voice": "worker", "score": 4},
                {"voice": "pod", "score": 5},
                {"voice": "parent", "score": 7},
            ],
            "actions": [
                {
                    "description": "Hold the family network meeting",
                    "owner_id": workers[n % len(workers)],
                    "due_date": due,
                },
                {"description": "Check the new partner with police", "owner_id": workers[0], "due_date": due},
            ],
        }
        return "POST", f"{SUPERVISION}/sessions/{sessions[session]}/discussions", body

    return next_request


SESSION_COLUMNS = [
    "id",
    "pod_id",
    "kind",
    "scheduled_for",
    "state",
    "held_on",
    "facilitator_id",
    "signed_off_by",
    "signed_off_worker_id",
    "signed_off_at",
    "created_by",
    "created_at",
    "version",
]
DISCUSSION_COLUMNS = [
    "id",
    "session_id",
    "pod_id",
    "discussed_on",
    "harm",
    "complicating_factors",
    "danger_statement",
    "strengths",
    "existing_safety",
    "safety_goals",
    "next_steps",
    "hypotheses",
    "decision",
    "rationale",
    "recorded_by",
    "recorded_at",
    "version",
]
CHILD_COLUMNS = ["decision_id", "discussion_id", "session_id", "child_id", "case_id", "worker_id", "discussed_on"]
SCORE_COLUMNS = ["id", "discussion_id", "session_id", "child_id", "voice", "question", "score", "scored_on"]
ACTION_COLUMNS = [
    "id",
    "discussion_id",
    "session_id",
    "pod_id",
    "child_id",
    "case_id",
    "description",
    "owner_id",
    "set_on",
    "due_date",
    "status",
    "closed_on",
    "version",
]
TABLES = ("sessions", "discussions", "discussed_children", "scores", "actions")


def _history(
    rng: random.Random, pod: uuid.UUID, children: list[tuple[uuid.UUID, uuid.UUID]], workers: list[uuid.UUID]
) -> dict[str, list[tuple[object, ...]]]:
    """Two years of weekly signed-off sessions of one pod, each discussing 15 of its children."""
    rows: dict[str, list[tuple[object, ...]]] = {table: [] for table in TABLES}
    today = date.today()
    for week in range(1, WEEKS + 1):
        day = today - timedelta(days=7 * week)
        moment = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
        session = uuid.uuid4()
        facilitator = workers[0]
        rows["sessions"].append(
            (
                session,
                pod,
                "group",
                day,
                "signed_off",
                day,
                facilitator,
                "bench",
                facilitator,
                moment,
                "bench",
                moment,
                3,
            )
        )
        for offset in range(PER_SESSION):
            child, case = children[(week * PER_SESSION + offset) % len(children)]
            discussion, worker = uuid.uuid4(), workers[1 + offset % (len(workers) - 1)]
            worries = ("Bruise seen at school.", "", "Hurt again when the adults drink.")
            plan = ("Grandmother close by.", "", "", "Family network meeting.", "")
            rows["discussions"].append(
                (discussion, session, pod, day, *worries, *plan, DECISION, RATIONALE, "bench", moment, 1)
            )
            rows["discussed_children"].append((uuid.uuid4(), discussion, session, child, case, worker, day))
            for voice in ("worker", "pod", "parent"):
                rows["scores"].append(
                    (uuid.uuid4(), discussion, session, child, voice, "safety", rng.randint(2, 9), day)
                )
            for _ in range(2):
                due = day + timedelta(days=rng.choice((7, 14, 28)))
                closed = due - timedelta(days=2) if rng.random() < 0.9 and due < today else None
                rows["actions"].append(
                    (uuid.uuid4(), discussion, session, pod, child, case, "Hold the family network meeting", worker,
                     day, due, "done" if closed else "open", closed, 1)
                )  # fmt: skip
    return rows


COLUMNS = {
    "sessions": SESSION_COLUMNS,
    "discussions": DISCUSSION_COLUMNS,
    "discussed_children": CHILD_COLUMNS,
    "scores": SCORE_COLUMNS,
    "actions": ACTION_COLUMNS,
}


async def bulk_history(
    dsn: str, pod: uuid.UUID, children: list[tuple[uuid.UUID, uuid.UUID]], workers: list[uuid.UUID], budget: float
) -> tuple[int, Loaded]:
    """The measured pod's two years first (COPY), then other pods' as copies of it with ids of their own, made
    inside PostgreSQL (bench/bulk.py), until the budget or 1,200 pods."""
    rng, loaded, started = random.Random(9), Loaded(), time.perf_counter()
    connection = await asyncpg.connect(dsn)
    try:
        async with indexes_set_aside(connection, TABLES, loaded):
            rows = _history(rng, pod, children, workers)
            async with connection.transaction():
                for table in TABLES:
                    loaded.rows[table] = await copy(connection, table, COLUMNS[table], rows[table])
            pods = 1
            while pods < PODS_TARGET and time.perf_counter() - started < budget:
                more = range(pods, min(PODS_TARGET, pods + PODS_PER_COPY))
                async with connection.transaction():
                    added = await copies_with_new_ids(connection, TABLES, more)
                for table, count in added.items():
                    loaded.rows[table] = loaded.count(table) + count
                pods = more.stop
            loaded.seconds = time.perf_counter() - started
    finally:
        await connection.close()
    return pods, loaded


async def run(rig: Rig) -> Outcome:
    settings, outcome = rig.settings, Outcome()
    concurrency = settings.api_concurrency
    budget = _number("BENCH_SUPERVISION_LOAD_SECONDS", 90 if settings.scale == "small" else 240)
    await reset_topics(rig.infra.kafka)
    allocation = await rig.start_service("allocation", ALLOCATION_PORT, "bench_allocation")
    transferred = await transfer_rate(rig, allocation)
    pod, manager, workers, children = await _pod(allocation.url, rig.token)
    supervision_url = await rig.infra.fresh_database("bench_supervision")
    supervision = rig.processes.start(rig.service_on("supervision", SUPERVISION_PORT, supervision_url))
    await supervision.ready()
    nora = _manager_token(pod, manager)
    await _followed(supervision.url, nora, pod)
    rig.processes.stop(allocation)

    agenda = f"{SUPERVISION}/pods/{pod}/agenda"
    bare_agenda = await read_latencies(supervision.url, nora, agenda, [{}], requests=READS)
    dsn = rig.infra.dsn("bench_supervision")
    held = [(uuid.UUID(child), uuid.UUID(case)) for child, case in children]
    pods, loaded = await bulk_history(dsn, uuid.UUID(pod), held, [uuid.UUID(w) for w in [manager, *workers]], budget)
    full_agenda = await read_latencies(supervision.url, nora, agenda, [{}], requests=READS)

    expected = transferred.rate * (settings.api_seconds + 2.0) * 1.5
    count = concurrency * (math.ceil(expected / concurrency / CASES) + 1)
    sessions = await _sessions(supervision.url, nora, pod, manager, workers, count)
    days = [date.today() - timedelta(days=7 * k + 3) for k in range(1, count + 1)]
    writes = discussions(sessions, days, children, workers, concurrency)
    await closed_loop(supervision.url, nora, concurrency, 2.0, writes)
    meter = rig.meter(supervision=supervision)
    recorded = await closed_loop(supervision.url, nora, concurrency, settings.api_seconds, writes)
    cpu = meter.stop()

    outcome.rows += [
        _latency_row(
            f"agenda of a {CASES}-case pod with {pods:,} pods x 2 years of sessions (vs no history)",
            full_agenda, bare_agenda, AGENDA_TARGET_MS, "8 supervision",
        ),
        _rate_row("discussion + decision, 3 scores, 2 actions", recorded, transferred, concurrency),
    ]  # fmt: skip
    errors = f", {recorded.errors} non-2xx (e.g. {recorded.sample_errors[0]})" if recorded.errors else ""
    per_request = cpu.get("supervision", 0.0) / max(1, recorded.ok) * 1000
    volume = ", ".join(f"{loaded.count(t):,} {t}" for t in TABLES)
    outcome.notes += [
        f"Supervision: transfer baseline {transferred.ok:,} transfers in {transferred.elapsed:.1f}s; discussions "
        f"{recorded.ok:,} in {recorded.elapsed:.1f}s, p99 {recorded.percentile(99) * 1000:.0f} ms{errors}; "
        f"supervision spent {per_request:.1f} ms CPU per discussion.",
        f"Supervision bulk history (bench/bulk.py: the pod's own by COPY, the others copied inside PostgreSQL, "
        f"indexes set aside): {pods:,} pods of the {PODS_TARGET:,} the "
        f"issue asks ({volume}) in {loaded.seconds:.0f}s (budget {budget:.0f}s, BENCH_SUPERVISION_LOAD_SECONDS) + "
        f"{loaded.index_seconds:.0f}s rebuilding indexes. Agenda: {READS} sequential reads as the pod's manager.",
    ]
    return outcome
