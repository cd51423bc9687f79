"""The synthetic council: a realistic story written through each service's own commands (`make demo`, and
`make run` on an empty database). It drives the services; no service imports it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from shared.runtime.runner import ServiceRuntime


def load_if_empty(size: str, seed: int) -> Callable[[Sequence[ServiceRuntime]], Awaitable[None]]:
    """For `python -m services run --demo town`: once the platform has started, the synthetic council is written
    in the background (the platform answers at once) into services that hold nothing yet."""

    async def load(runtimes: Sequence[ServiceRuntime]) -> None:
        from demo.allocation import load_town_if_empty

        by_name = {runtime.service.name: runtime for runtime in runtimes}
        allocation = by_name["allocation"]
        allocation.spawn("demo", load_town_if_empty(allocation, size, seed))

    return load
