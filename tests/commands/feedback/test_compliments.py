"""Compliments: the pod commended, and the fact that tells the workers and the pod (ids and codes, no words)."""

from __future__ import annotations

from datetime import date

import pytest

from services.feedback.commands import compliments
from services.feedback.commands.compliments import NewCompliment
from shared.problems import Invalid
from shared.runtime.unit_of_work import UnitOfWork
from tests.commands.feedback.conftest import Town, events, events_of


async def test_a_compliment_for_a_worker_is_their_pods_and_tells_them(uow: UnitOfWork, town: Town) -> None:
    new = NewCompliment(
        date(2026, 2, 3), "parent", "Amy always calls back.", ["listened", "continuity"], [town.amy, town.amy]
    )
    pod_id = await compliments.pod_commended(uow, new)
    compliment = await compliments.receive(uow, new, pod_id, today=date(2026, 2, 3))

    [told] = await events_of(uow, "ComplimentReceived")
    assert pod_id == town.north
    assert told == {
        "compliment_id": str(compliment.id),
        "received_on": "2026-02-03",
        "from_relation": "parent",
        "worker_ids": [str(town.amy)],
        "pod_id": str(town.north),
        "themes": ["continuity", "listened"],
    }
    assert "calls back" not in str(await events(uow))


async def test_a_compliment_for_an_unknown_worker_is_refused_naming_them(uow: UnitOfWork, town: Town) -> None:
    new = NewCompliment(date(2026, 2, 3), "carer", "Thank you", [], [town.amy, town.zoe])
    with pytest.raises(Invalid) as refused:
        await compliments.pod_commended(uow, new)
    assert refused.value.field == "worker_ids.1"


async def test_a_compliment_from_tomorrow_is_refused(uow: UnitOfWork, town: Town) -> None:
    new = NewCompliment(date(2026, 2, 4), "child", "Thank you", [], [], town.south)
    with pytest.raises(Invalid) as refused:
        await compliments.receive(uow, new, town.south, today=date(2026, 2, 3))
    assert refused.value.field == "received_on"
