"""A small council set up through the allocation API itself: pods, workers, and children with open cases."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta

import orjson

from bench.load import each

API = "/allocation/v1"
JOINED = date(2015, 1, 5)
FIRST_REFERRAL = date(2020, 1, 1)
_serial = itertools.count()


@dataclass
class Staff:
    workers_by_pod: dict[str, list[str]] = field(default_factory=dict)

    def colleague_of(self, pod: str, worker: str) -> str:
        """The next worker in the same pod: a transfer that always has somewhere to go."""
        workers = self.workers_by_pod[pod]
        return workers[(workers.index(worker) + 1) % len(workers)]


@dataclass
class OpenCase:
    id: str
    child_id: str
    pod: str | None = None
    worker: str | None = None
    transfers: int = 0


async def hire(url: str, token: str, *, pods: int, workers_per_pod: int) -> Staff:
    made = await each(
        url, token, [("POST", f"{API}/pods", {"name": f"Bench pod {next(_serial)}"}) for _ in range(pods)]
    )
    pod_ids = [orjson.loads(body)["id"] for body in made]
    register = [
        ("POST", f"{API}/workers", {"name": f"Worker {next(_serial)}", "employment": "employed"})
        for _ in range(pods * workers_per_pod)
    ]
    worker_ids = [orjson.loads(body)["id"] for body in await each(url, token, register)]
    staff = Staff({pod: worker_ids[n * workers_per_pod : (n + 1) * workers_per_pod] for n, pod in enumerate(pod_ids)})
    join = [
        (
            "POST",
            f"{API}/workers/{worker}/memberships",
            {"pod_id": pod, "role": "social_worker", "fte": 1.0, "start_date": JOINED.isoformat()},
        )
        for pod, workers in staff.workers_by_pod.items()
        for worker in workers
    ]
    await each(url, token, join)
    return staff


async def open_cases(url: str, token: str, count: int, *, staff: Staff | None = None) -> list[OpenCase]:
    """Children with an open case each; allocated round-robin to the staff's workers when staff is given."""
    children = []
    for n in range(count):
        serial = next(_serial)
        children.append(
            (
                "POST",
                f"{API}/children",
                {
                    "la_child_id": f"B{serial:09d}",
                    "given_name": "Bench",
                    "family_name": f"Child {serial}",
                    "date_of_birth": (date(2010, 1, 1) + timedelta(days=n % 3000)).isoformat(),
                    "sex": "F" if n % 2 else "M",
                },
            )
        )
    child_ids = [orjson.loads(body)["id"] for body in await each(url, token, children, concurrency=16)]
    referral = [FIRST_REFERRAL + timedelta(days=n % 365) for n in range(count)]
    opening = [
        ("POST", f"{API}/children/{child}/cases", {"referral_date": referral[n].isoformat(), "source": "front door"})
        for n, child in enumerate(child_ids)
    ]
    cases = [
        OpenCase(orjson.loads(body)["id"], child)
        for body, child in zip(await each(url, token, opening, concurrency=16), child_ids, strict=True)
    ]
    if staff is not None:
        members = [(pod, worker) for pod, workers in staff.workers_by_pod.items() for worker in workers]
        allocating = []
        for n, case in enumerate(cases):
            case.pod, case.worker = members[n % len(members)]
            body = {"pod_id": case.pod, "worker_id": case.worker, "start_date": referral[n].isoformat()}
            allocating.append(("POST", f"{API}/cases/{case.id}/allocations", body))
        await each(url, token, allocating, concurrency=16)
    return cases
