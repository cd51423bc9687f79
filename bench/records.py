"""Benchmark 7: the records service (issue 8) on PostgreSQL, as its own process following allocation over Kafka.

- A child's story of 2,000 entries: first page p95, beside the first page of a short story (same route, same run).
- Full-text search: p95 over a few typical queries after loading as many entries as fit in the load budget
  (BENCH_RECORDS_LOAD_SECONDS; the issue asks 1,000,000), beside the same queries before the load.
- Recording a sibling visit for 3 children (POST /entries): req/s beside the allocation transfer's req/s.

Families of three with open CIN cases are set up through allocation's API and followed by records over Kafka; the
visits and every read go through records' API as a social worker of the families' pod (the search as a head of
service, who may search every story). The volume history is written with the benchmark's own bulk path
(bench/bulk.py) straight into records' tables: entries and their subjects, the search document being the table's
own generated column.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from datetime import UTC, date, datetime, timedelta

import asyncpg
import httpx
import orjson

from bench.baseline import p50, p95, read_latencies, transfer_rate
from bench.bulk import Loaded, copy, indexes_set_aside
from bench.council import API, hire
from bench.load import LoadResult, NextRequest, Request, closed_loop, each
from bench.processes import SIGNING_KEY
from bench.report import Outcome, Row
from bench.rig import Rig, _number
from bench.topics import reset_topics
from shared.auth.tokens import mint_development_token
from shared.settings import PlatformSettings

ALLOCATION_PORT, RECORDS_PORT = 1, 7
RECORDS = "/records/v1"
FAMILIES_PER_CONNECTION = 2
STORY_ENTRIES = 2_000
SEARCH_TARGET = 1_000_000
READS = 100
STORY_TARGET_MS, SEARCH_TARGET_MS, TARGET_RATIO = 100.0, 300.0, 0.5
REFERRAL = date(2022, 1, 10)
QUERIES = ["school attendance", "grandmother", '"seen alone"', "bruise -mother", "contact with father"]

SENTENCES = [
    "Seen at home with {carer}; the house was warm and tidy and there was food in the fridge.",
    "{child} was seen alone in the bedroom and talked about school and friends.",
    "School attendance has dropped to {n}% this term; the designated safeguarding lead is worried.",
    "{carer} said the new partner has not been staying; neighbours report shouting at weekends.",
    "A bruise on the upper arm was explained as a fall in the playground; the school nurse saw it.",
    "Grandmother collects the children on Tuesdays and Thursdays and is part of the safety plan.",
    "Contact with father was supervised at the family centre and went well; {child} was excited.",
    "The health visitor reports missed appointments and weight below the expected centile.",
    "{child} said they feel safe at home but worry about mum when she drinks.",
    "The family network meeting agreed who checks on the children each evening.",
    "Housing repairs are still outstanding; damp in the children's room was photographed.",
    "The foster carer reports better sleep and fewer nightmares since the placement began.",
    "The police notified a domestic incident overnight; no injuries, the children were asleep.",
    "Therapy sessions continue weekly and the CAMHS worker sees progress in emotional regulation.",
    "The independent reviewing officer asked for the care plan to say more about identity needs.",
    "Mother attended the parenting course and talked about routines and boundaries at bedtime.",
    "{child} chose a football club and wants their brother to come along on Saturdays.",
    "The school reports lateness, hunger in the mornings and a uniform that no longer fits.",
]
NAMES = ["Zoe", "Max", "Mia", "Leo", "Amir", "Ruby", "Kai", "Isla", "Noah", "Ava", "Oscar", "Lily", "Theo", "Esme"]
CARERS = ["mother", "father", "grandmother", "the foster carer", "an aunt", "the kinship carer", "the stepfather"]
KINDS = [("visit", "home"), ("visit", "school"), ("note", None), ("meeting", None), ("correspondence", None)]


def _token(role: str, pod: str, worker: str) -> str:
    settings = PlatformSettings(environment="test", auth_signing_key=SIGNING_KEY)
    return mint_development_token(settings, subject=f"bench-{role}", roles=[role], pods=[pod], worker_id=worker)


async def _families(url: str, token: str, pod: str, worker: str, count: int) -> list[list[str]]:
    """Sibling groups of three, each with an open case, a CIN status and the worker allocated."""
    families: list[list[str]] = []
    first: list[Request] = [("POST", f"{API}/children", _child(n, 0, None)) for n in range(count)]
    eldest = [orjson.loads(body) for body in await each(url, token, first, concurrency=8)]
    younger: list[Request] = [
        ("POST", f"{API}/children", _child(n, k, e["family_id"])) for n, e in enumerate(eldest) for k in (1, 2)
    ]
    rest = [orjson.loads(body)["id"] for body in await each(url, token, younger, concurrency=8)]
    for n, e in enumerate(eldest):
        families.append([e["id"], rest[2 * n], rest[2 * n + 1]])
    children = [child for family in families for child in family]
    opening: list[Request] = [
        ("POST", f"{API}/children/{c}/cases", {"referral_date": REFERRAL.isoformat(), "source": "front door"})
        for c in children
    ]
    cases = [orjson.loads(body)["id"] for body in await each(url, token, opening, concurrency=8)]
    status = {"kind": "CIN", "start_date": REFERRAL.isoformat()}
    await each(url, token, [("POST", f"{API}/cases/{case}/statuses", status) for case in cases], concurrency=8)
    allocate = {"pod_id": pod, "worker_id": worker, "start_date": REFERRAL.isoformat()}
    await each(url, token, [("POST", f"{API}/cases/{case}/allocations", allocate) for case in cases], concurrency=8)
    return families


def _child(n: int, k: int, family: str | None) -> dict[str, object]:
    body: dict[str, object] = {
        "la_child_id": f"R{uuid.uuid4().hex[:9].upper()}",
        "given_name": NAMES[(n + k) % len(NAMES)],
        "family_name": f"Family {n}",
        "date_of_birth": date(2012 + k * 2, 1 + n % 12, 1 + n % 28).isoformat(),
        "sex": "F" if (n + k) % 2 else "M",
    }
    if family is not None:
        body["family_id"] = family
    return body


async def _followed(url: str, token: str, children: list[str], timeout: float = 600.0) -> None:
    """Waits until records knows every child as held by a pod with a status open."""
    headers = {"Authorization": f"Bearer {token}"}
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(base_url=url, timeout=30.0, headers=headers) as client:
        for child in children:
            while True:
                answer = await client.get(f"{RECORDS}/children/{child}")
                if answer.status_code == 200 and answer.json()["pod_id"] and answer.json()["statuses"]:
                    break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"records has not followed child {child}: {answer.status_code} {answer.text}")
                await asyncio.sleep(0.5)


def visits(families: list[list[str]], concurrency: int) -> NextRequest:
    def next_request(connection: int, n: int) -> Request:
        owned = families[connection::concurrency]
        family = owned[n % len(owned)]
        day = date.today() - timedelta(days=1 + n % 700)
        children = [
            {"child_id": family[0], "seen": True, "seen_alone": True},
            {"child_id": family[1], "seen": True, "seen_alone": False, "not_seen_alone_reason": "Asleep upstairs"},
            {"child_id": family[2], "seen": True, "seen_alone": True},
        ]
        body = {
            "entry_type": "visit",
            "status": "complete",
            "occurred_on": day.isoformat(),
            "title": "Home visit to the three children",
            "purpose": "Child in need visit: how the children are, and the plan",
            "text": " ".join(SENTENCES[(n + k) % len(SENTENCES)] for k in range(4)).format(
                child="Mia", carer="mother", n=88
            ),
            "visit_kind": "home",
            "serves_status": "CIN",
            "children": children,
        }
        return "POST", f"{RECORDS}/entries", body

    return next_request


def _text(rng: random.Random) -> str:
    picked = rng.sample(SENTENCES, rng.randint(3, 7))
    return " ".join(s.format(child=rng.choice(NAMES), carer=rng.choice(CARERS), n=rng.randint(55, 99)) for s in picked)


ENTRY_COLUMNS = [
    "id",
    "entry_type",
    "status",
    "occurred_on",
    "title",
    "text",
    "purpose",
    "significant",
    "visit_kind",
    "serves_status",
    "appended_text",
    "author",
    "author_role",
    "author_worker_id",
    "author_pod_id",
    "draft_started_at",
    "recorded_at",
    "updated_at",
    "completed_at",
    "characters",
    "version",
]
SUBJECT_COLUMNS = [
    "entry_id",
    "subject_id",
    "subject_kind",
    "position",
    "occurred_on",
    "recorded_at",
    "seen",
    "seen_alone",
]


def _entries(
    rng: random.Random, children: list[uuid.UUID], count: int, pod: uuid.UUID, worker: uuid.UUID
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    entries: list[tuple[object, ...]] = []
    subjects: list[tuple[object, ...]] = []
    now = datetime.now(UTC)
    for _ in range(count):
        entry_id = uuid.uuid4()
        kind, visit_kind = rng.choice(KINDS)
        day = date.today() - timedelta(days=rng.randint(1, 3650))
        text = _text(rng)
        recorded = datetime(day.year, day.month, day.day, 17, tzinfo=UTC)
        entries.append(
            (
                entry_id, kind, "complete", day, f"{kind.capitalize()} about the children", text,
                "Child in need: how the children are" if kind == "visit" else None, rng.random() < 0.1,
                visit_kind, "CIN" if kind == "visit" else None, "", "bench", "social_worker", worker, pod,
                recorded - timedelta(minutes=40), recorded, now, recorded, len(text), 1,
            )
        )  # fmt: skip
        seen = True if kind == "visit" else None
        for position, child in enumerate(rng.sample(children, min(len(children), 1 + (rng.random() < 0.3)))):
            subjects.append((entry_id, child, "child", position, day, recorded, seen, seen))
    return entries, subjects


async def bulk_entries(dsn: str, count: int, children: list[uuid.UUID], budget: float, seed: int) -> Loaded:
    """Up to count completed entries about the children, in batches, until the budget's seconds are spent."""
    rng, loaded, started = random.Random(seed), Loaded(), time.perf_counter()
    pod, worker = uuid.uuid4(), uuid.uuid4()
    connection = await asyncpg.connect(dsn)
    try:
        async with indexes_set_aside(connection, ["entries", "entry_subjects"], loaded):
            while loaded.count("entries") < count and time.perf_counter() - started < budget:
                entries, subjects = _entries(rng, children, min(20_000, count - loaded.count("entries")), pod, worker)
                async with connection.transaction():
                    loaded.rows["entries"] = loaded.count("entries") + await copy(
                        connection, "entries", ENTRY_COLUMNS, entries
                    )
                    await copy(connection, "entry_subjects", SUBJECT_COLUMNS, subjects)
            loaded.seconds = time.perf_counter() - started
    finally:
        await connection.close()
    return loaded


async def _entry_count(dsn: str) -> int:
    connection = await asyncpg.connect(dsn)
    try:
        return int(await connection.fetchval("SELECT count(*) FROM entries"))
    finally:
        await connection.close()


def _rate_row(name: str, measured: LoadResult, transfer: LoadResult, concurrency: int) -> Row:
    ratio = measured.rate / transfer.rate if transfer.rate else 0.0
    return Row(
        "7 records" if name.startswith("sibling") else "8 supervision",
        f"POST {name} req/s (c={concurrency}) vs transfer",
        f"{measured.rate:,.0f}",
        f"{transfer.rate:,.0f}",
        f"{ratio:.2f}x",
        f"≥ {TARGET_RATIO}x transfer",
        ratio >= TARGET_RATIO and measured.errors == 0,
    )


def _latency_row(figure: str, times: list[float], floor: list[float], target_ms: float, benchmark: str) -> Row:
    return Row(
        benchmark,
        f"{figure}: p50 / p95",
        f"{p50(times):.0f} / {p95(times):.0f} ms",
        f"{p50(floor):.0f} / {p95(floor):.0f} ms",
        f"{p95(times) / p95(floor):.1f}x",
        f"p95 ≤ {target_ms:.0f} ms",
        p95(times) <= target_ms,
    )


async def run(rig: Rig) -> Outcome:
    settings, outcome = rig.settings, Outcome()
    concurrency = settings.api_concurrency
    budget = _number("BENCH_RECORDS_LOAD_SECONDS", 90 if settings.scale == "small" else 240)
    await reset_topics(rig.infra.kafka)
    allocation = await rig.start_service("allocation", ALLOCATION_PORT, "bench_allocation")
    transferred = await transfer_rate(rig, allocation)

    staff = await hire(allocation.url, rig.token, pods=1, workers_per_pod=1)
    [(pod, [worker])] = staff.workers_by_pod.items()
    families = await _families(allocation.url, rig.token, pod, worker, concurrency * FAMILIES_PER_CONNECTION + 2)
    records_url = await rig.infra.fresh_database("bench_records")
    records = rig.processes.start(rig.service_on("records", RECORDS_PORT, records_url))
    await records.ready()
    social_worker = _token("social_worker", pod, worker)
    await _followed(records.url, social_worker, [child for family in families for child in family])
    rig.processes.stop(allocation)

    long_family, short_family, visited = families[0], families[1], families[2:]
    writes = visits(visited, concurrency)
    await closed_loop(records.url, social_worker, concurrency, 2.0, writes)
    meter = rig.meter(records=records)
    recorded = await closed_loop(records.url, social_worker, concurrency, settings.api_seconds, writes)
    visit_cpu = meter.stop()

    dsn = rig.infra.dsn("bench_records")
    story_child = uuid.UUID(long_family[0])
    story = await bulk_entries(dsn, STORY_ENTRIES, [story_child], budget, seed=8)
    story_path, short_path = f"{RECORDS}/children/{story_child}/story", f"{RECORDS}/children/{short_family[0]}/story"
    long_story = await read_latencies(records.url, social_worker, story_path, [{}], requests=READS)
    short_story = await read_latencies(records.url, social_worker, short_path, [{}], requests=READS)

    searches = [{"q": q} for q in QUERIES]
    before = await _entry_count(dsn)
    few = await read_latencies(records.url, rig.token, f"{RECORDS}/search", searches, requests=READS)
    synthetic = [uuid.uuid4() for _ in range(20_000)]
    many = await bulk_entries(dsn, SEARCH_TARGET - before, synthetic, budget, seed=9)
    after = await _entry_count(dsn)
    searched = await read_latencies(records.url, rig.token, f"{RECORDS}/search", searches, requests=READS)

    outcome.rows += [
        _latency_row(
            f"story of {STORY_ENTRIES:,} entries, first page (vs a 3-entry story)", long_story, short_story,
            STORY_TARGET_MS, "7 records",
        ),
        _latency_row(
            f"search over {after:,} entries (vs over {before:,}; issue asks {SEARCH_TARGET:,})", searched, few,
            SEARCH_TARGET_MS, "7 records",
        ),
        _rate_row("sibling visit, 3 children", recorded, transferred, concurrency),
    ]  # fmt: skip
    errors = f", {recorded.errors} non-2xx (e.g. {recorded.sample_errors[0]})" if recorded.errors else ""
    per_request = visit_cpu.get("records", 0.0) / max(1, recorded.ok) * 1000
    outcome.notes += [
        f"Records: transfer baseline {transferred.ok:,} transfers in {transferred.elapsed:.1f}s; sibling visits "
        f"{recorded.ok:,} in {recorded.elapsed:.1f}s, p99 {recorded.percentile(99) * 1000:.0f} ms{errors}, records "
        f"spent {per_request:.1f} ms CPU per visit (each: 1 entry, 3 subjects, 3 VisitRecorded + 1 StoryEntryCompleted "
        f"in the outbox, the audit).",
        f"Records bulk load (bench/bulk.py, COPY into entries and entry_subjects, indexes set aside): "
        f"{story.count('entries'):,} entries for one child in {story.seconds:.0f}s; {many.count('entries'):,} "
        f"more in {many.seconds:.0f}s (budget {budget:.0f}s, BENCH_RECORDS_LOAD_SECONDS) + {many.index_seconds:.0f}s "
        f"rebuilding the GIN and story indexes. Search: {READS} sequential requests "
        f"as a head of service over {QUERIES}.",
    ]
    return outcome
