"""Waiting for something that happens asynchronously: poll until true or a generous deadline, never time it."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, overload

T = TypeVar("T")


@overload
async def eventually(
    probe: Callable[[], Awaitable[T]],
    until: Callable[[T], bool],
    *,
    timeout: float = ...,
    interval: float = ...,
    what: str,
) -> T: ...


@overload
async def eventually(
    probe: Callable[[], T],
    until: Callable[[T], bool],
    *,
    timeout: float = ...,
    interval: float = ...,
    what: str,
) -> T: ...


async def eventually(
    probe: Callable[[], Any],
    until: Callable[[Any], bool],
    *,
    timeout: float = 30.0,
    interval: float = 0.05,
    what: str,
) -> Any:
    """Returns the first value of `probe()` that satisfies `until`; fails naming `what` and the last value seen.

    `probe` may be a plain function or a coroutine function: an awaitable it returns is awaited before `until`.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if inspect.isawaitable(value):
            value = await value
        if until(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout:.0f}s waiting for {what}; last seen: {value!r}")
        await asyncio.sleep(interval)
