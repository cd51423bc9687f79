"""Waiting for something that happens asynchronously: poll until true or a generous deadline, never time it."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def eventually(
    probe: Callable[[], T | Awaitable[T]],
    until: Callable[[T], bool],
    *,
    timeout: float = 30.0,
    interval: float = 0.05,
    what: str,
) -> T:
    """Returns the first value of `probe()` that satisfies `until`; fails naming `what` and the last value seen."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if inspect.isawaitable(value):
            value = await value
        if until(value):  # type: ignore[arg-type]
            return value  # type: ignore[return-value]
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout:.0f}s waiting for {what}; last seen: {value!r}")
        await asyncio.sleep(interval)
