"""One platform per test module, seeded once through the allocation API: the KPI API tests only read."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from uuid import UUID

import pytest
import pytest_asyncio

from shared.settings import PlatformSettings
from tests.conftest import TEST_SIGNING_KEY
from tests.flows.kpi.in_process import Continuum


@dataclass(frozen=True)
class TwoPods:
    """Amy (North) had three workers in 2023-24; Ben (South) one. Both looked after all year, Amy on a plan."""

    continuum: Continuum
    north: UUID
    south: UUID
    amy: UUID
    ben: UUID


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def two_pods(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[TwoPods]:
    settings = PlatformSettings(
        environment="test", auth_signing_key=TEST_SIGNING_KEY, auth_jwks_url=None, log_json=False
    )
    continuum = Continuum(tmp_path_factory.mktemp("kpi-api"), settings)
    await continuum.start()
    north, south = await continuum.pod("North"), await continuum.pod("South")
    a, b, c = [await continuum.worker(name, north) for name in "ABC"]
    d = await continuum.worker("D", south)
    amy = await continuum.child_with_case("amy", date(2023, 3, 1))
    ben = await continuum.child_with_case("ben", date(2023, 3, 1))
    for case in (amy, ben):
        await continuum.status(case, "CLA", date(2023, 3, 1))
    await continuum.status(amy, "CP", date(2023, 3, 1))
    await continuum.allocate(amy, north, a, date(2023, 4, 3))
    await continuum.transfer(amy, b, date(2023, 7, 3))
    await continuum.transfer(amy, c, date(2023, 11, 6))
    await continuum.allocate(ben, south, d, date(2023, 4, 3))
    await continuum.settled()
    yield TwoPods(continuum, north, south, continuum.child_of[amy], continuum.child_of[ben])
    await continuum.stop()


@pytest.fixture
def continuum(two_pods: TwoPods) -> Continuum:
    return two_pods.continuum
