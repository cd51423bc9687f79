"""The API baseline: a minimal FastAPI app whose one POST does one INSERT through an asyncpg pool.

`BENCH_BARE_DSN` unset: no database at all (the baseline for the embedded platform's start time and memory).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date

import asyncpg
from fastapi import FastAPI, status
from pydantic import BaseModel

DSN = os.environ.get("BENCH_BARE_DSN")
pool: asyncpg.Pool | None = None


class TransferLike(BaseModel):
    to_worker_id: uuid.UUID
    reason: str
    effective_date: date


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    global pool
    if DSN:
        pool = await asyncpg.create_pool(DSN, min_size=10, max_size=20)
        await pool.execute(
            "CREATE TABLE IF NOT EXISTS bare_rows (id uuid PRIMARY KEY, case_id uuid NOT NULL, "
            "to_worker_id uuid NOT NULL, reason text NOT NULL, effective_date date NOT NULL)"
        )
    yield
    if pool is not None:
        await pool.close()


app = FastAPI(lifespan=lifespan)


@app.get("/health/ready")
async def ready() -> dict[str, str]:
    return {"status": "pass"}


@app.post("/cases/{case_id}/rows", status_code=status.HTTP_201_CREATED)
async def add_row(case_id: uuid.UUID, body: TransferLike) -> dict[str, object]:
    assert pool is not None
    row_id = uuid.uuid4()
    await pool.execute(
        "INSERT INTO bare_rows (id, case_id, to_worker_id, reason, effective_date) VALUES ($1, $2, $3, $4, $5)",
        row_id,
        case_id,
        body.to_worker_id,
        body.reason,
        body.effective_date,
    )
    return {"id": row_id, "case_id": case_id, **body.model_dump()}
