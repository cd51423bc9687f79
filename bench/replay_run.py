"""Runs the KPI's own replay (what `python -m services replay kpi` runs) as a process of its own, stopping it
after `--max-seconds` if need be; prints one JSON line. The database is CONTINUUM_KPI_DATABASE_URL."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time

import sqlalchemy as sa

from services.kpi.models import TopicFreshness
from services.kpi.service import service as kpi
from services.kpi.settings import KpiSettings
from shared.db import create_engine
from shared.messaging.kafka import KafkaTransport
from shared.runtime.migrations import upgrade_to_head
from shared.runtime.replaying import replay_into
from shared.settings import PlatformSettings


async def main(max_seconds: float) -> dict[str, object]:
    url = KpiSettings().database_url
    assert url, "set CONTINUUM_KPI_DATABASE_URL"
    engine = create_engine(url)
    transport = KafkaTransport(PlatformSettings().kafka_bootstrap_servers, client_id="bench-replay")
    await upgrade_to_head(kpi, engine)
    await transport.start()
    started = time.perf_counter()
    try:
        report = await asyncio.wait_for(replay_into(engine, kpi, transport, progress=False), max_seconds or None)
        return {
            "complete": True,
            "seconds": report.seconds,
            "wall_seconds": time.perf_counter() - started,
            "events_read": report.events_read,
            "events_applied": report.events_applied,
            "events_at_start": report.events_at_start,
        }
    except TimeoutError:
        async with engine.connect() as connection:
            applied = await connection.scalar(sa.select(sa.func.sum(TopicFreshness.events_applied)))
        return {"complete": False, "seconds": time.perf_counter() - started, "events_applied": int(applied or 0)}
    finally:
        await transport.stop()
        await engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-seconds", type=float, default=0, help="0: no limit")
    outcome = asyncio.run(main(parser.parse_args().max_seconds))
    print(json.dumps(outcome))
    sys.stdout.flush()
