"""Reading the tally's database: what was applied, per subject and in order, so a test can reconcile it."""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.messaging.tables import PlatformTables
from tests.support.tally_service import platform, tallied_pings, tallies


@dataclass(frozen=True)
class Tally:
    sequences: dict[uuid.UUID, list[int]]
    """Each subject's applied sequence numbers in the order they were applied: doubles, gaps and swaps all show."""
    counts: dict[uuid.UUID, int]
    event_ids: Counter[str]
    dead_letters: list[str]
    inbox: Counter[str]

    def applied(self) -> int:
        return sum(len(sequences) for sequences in self.sequences.values())

    def doubled_events(self) -> list[str]:
        return [event_id for event_id, times in self.event_ids.items() if times > 1]


async def read_tally(engine: AsyncEngine, tables: PlatformTables = platform) -> Tally:
    async with engine.connect() as connection:
        rows = (await connection.execute(sa.select(tallied_pings).order_by(tallied_pings.c.position))).all()
        counts = dict((await connection.execute(sa.select(tallies.c.subject_id, tallies.c.count))).all())
        errors = (await connection.execute(sa.select(tables.dead_letters.c.error))).scalars().all()
        inbox = Counter((await connection.execute(sa.select(tables.inbox.c.outcome))).scalars().all())
    sequences: dict[uuid.UUID, list[int]] = defaultdict(list)
    for row in rows:
        sequences[row.subject_id].append(row.sequence)
    return Tally(dict(sequences), counts, Counter(row.event_id for row in rows), list(errors), inbox)


def expected(subjects: dict[uuid.UUID, int]) -> dict[uuid.UUID, list[int]]:
    """Each subject pinged `n` times with sequences 1..n, applied once each and in order."""
    return {subject: list(range(1, n + 1)) for subject, n in subjects.items()}
