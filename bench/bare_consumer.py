"""The ingest baseline: a bare aiokafka consumer copying events into one PostgreSQL table, no logic at all.

Same topics, batch size and fetch settings as the KPI consumer; one transaction per batch, offsets committed
after it. Prints one JSON line: how many events, and the seconds between the first and the last batch.
`--follow` instead runs until SIGTERM and also prints when each event's batch committed (wall clock, by event
id): the freshness baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
import time

import asyncpg
from aiokafka import AIOKafkaConsumer, TopicPartition

TABLE = "bare_events (event_id text PRIMARY KEY, topic text, key text, type text, payload bytea)"
COLUMNS = ["event_id", "topic", "key", "type", "payload"]


def header(headers: list[tuple[str, bytes]], name: str) -> str:
    return next((value.decode() for key, value in headers or () if key == name), "")


async def consume(bootstrap: str, dsn: str, topics: list[str], count: int, batch: int, follow: bool) -> None:
    connection = await asyncpg.connect(dsn)
    await connection.execute(f"CREATE TABLE IF NOT EXISTS {TABLE}")
    consumer = AIOKafkaConsumer(
        *topics,
        bootstrap_servers=bootstrap,
        group_id="bench-bare",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_partition_fetch_bytes=4 * 1024 * 1024,
        fetch_max_wait_ms=100,
    )
    await consumer.start()
    stopping = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopping.set)
    done, first_batch, first_at, last_at = 0, 0, 0.0, 0.0
    committed: dict[str, float] = {}
    try:
        while not stopping.is_set() and (follow or done < count):
            fetched = await consumer.getmany(timeout_ms=500, max_records=batch)
            records = [record for batch_ in fetched.values() for record in batch_]
            if not records:
                continue
            rows = [
                (header(r.headers, "ce_id"), r.topic, (r.key or b"").decode(), header(r.headers, "ce_type"), r.value)
                for r in records
            ]
            async with connection.transaction():
                await connection.copy_records_to_table("bare_events", records=rows, columns=COLUMNS)
            if follow:
                committed_at = time.time()
                committed.update((row[0], committed_at) for row in rows)
            await consumer.commit(
                {TopicPartition(tp.topic, tp.partition): rs[-1].offset + 1 for tp, rs in fetched.items()}
            )
            done += len(records)
            last_at = time.perf_counter()
            if not first_at:
                first_at, first_batch = last_at, len(records)
    finally:
        await consumer.stop()
        await connection.close()
    print(
        json.dumps({"events": done, "first_batch": first_batch, "seconds": last_at - first_at, "committed": committed})
    )
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--dsn", required=True)
    parser.add_argument("--topics", required=True, help="comma-separated")
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--follow", action="store_true")
    args = parser.parse_args()
    asyncio.run(consume(args.bootstrap, args.dsn, args.topics.split(","), args.count, args.batch, args.follow))


if __name__ == "__main__":
    main()
