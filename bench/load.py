"""Closed-loop HTTP load on loopback: N connections, each sending its next request when the last one answered.

A bare HTTP/1.1 keep-alive client on asyncio streams, because on a 2-core machine httpx would spend more CPU
than the server under test and cap the fastest figure (the baseline) first.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import orjson

Request = tuple[str, str, object | None]  # method, path, JSON body
NextRequest = Callable[[int, int], Request | None]  # (connection, n) -> request, or None when done


class Connection:
    def __init__(self, host: str, port: int, token: str | None) -> None:
        self.host, self.port = host, port
        self.auth = f"Authorization: Bearer {token}\r\n".encode() if token else b""
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: object | None = None) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        payload = orjson.dumps(body) if body is not None else b""
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nContent-Length: {len(payload)}\r\n"
        content_type = b"Content-Type: application/json\r\n" if body is not None else b""
        self.writer.write(head.encode() + self.auth + content_type + b"\r\n" + payload)
        await self.writer.drain()
        header = await self.reader.readuntil(b"\r\n\r\n")
        lines = header.split(b"\r\n")
        status = int(lines[0].split(b" ", 2)[1])
        length, close = 0, False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                raise RuntimeError("chunked responses are not supported by the benchmark client")
            elif name == b"connection" and value.strip().lower() == b"close":
                close = True
        answer = await self.reader.readexactly(length) if length else b""
        if close:
            await self.close()
        return status, answer

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except ConnectionError:
                pass
            self.reader = self.writer = None


@dataclass
class LoadResult:
    elapsed: float = 0.0
    latencies: list[float] = field(default_factory=list)  # seconds, 2xx only
    statuses: dict[int, int] = field(default_factory=dict)
    sample_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> int:
        return len(self.latencies)

    @property
    def errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if not 200 <= status < 300)

    @property
    def rate(self) -> float:
        return self.ok / self.elapsed if self.elapsed else 0.0

    def percentile(self, p: float) -> float:
        return percentile(self.latencies, p)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); NaN when there are no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-p * len(ordered) // 100))))
    return ordered[rank - 1]


async def closed_loop(
    url: str, token: str | None, concurrency: int, seconds: float, next_request: NextRequest
) -> LoadResult:
    """Runs until `seconds` pass or every connection's next_request says None."""
    host, port = url.removeprefix("http://").split(":")
    result = LoadResult()
    deadline = time.perf_counter() + seconds

    async def connection_loop(index: int) -> None:
        connection = Connection(host, int(port), token)
        n = 0
        try:
            while time.perf_counter() < deadline:
                request = next_request(index, n)
                if request is None:
                    return
                n += 1
                started = time.perf_counter()
                status, body = await connection.request(*request)
                took = time.perf_counter() - started
                result.statuses[status] = result.statuses.get(status, 0) + 1
                if 200 <= status < 300:
                    result.latencies.append(took)
                elif len(result.sample_errors) < 5:
                    result.sample_errors.append(f"{status} {request[0]} {request[1]}: {body[:300]!r}")
        finally:
            await connection.close()

    began = time.perf_counter()
    await asyncio.gather(*(connection_loop(i) for i in range(concurrency)))
    result.elapsed = time.perf_counter() - began
    return result


async def each(url: str, token: str | None, requests: list[Request], concurrency: int = 8) -> list[bytes]:
    """Sends every request (setup, not measured); fails on the first non-2xx. Answers in request order."""
    answers: list[bytes] = [b""] * len(requests)
    host, port = url.removeprefix("http://").split(":")

    async def worker(index: int) -> None:
        connection = Connection(host, int(port), token)
        try:
            for position in range(index, len(requests), concurrency):
                status, body = await connection.request(*requests[position])
                if not 200 <= status < 300:
                    raise RuntimeError(f"setup request {requests[position][:2]} failed: {status} {body[:500]!r}")
                answers[position] = body
        finally:
            await connection.close()

    await asyncio.gather(*(worker(i) for i in range(concurrency)))
    return answers
