from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from shared.settings import PlatformSettings
from tests.flows.records.in_process import Records


@pytest.fixture
async def continuum(tmp_path: Path, platform_settings: PlatformSettings) -> AsyncIterator[Records]:
    """Allocation and records running in this process on fresh SQLite files and a fresh event log."""
    platform = Records(tmp_path, platform_settings)
    await platform.start()
    yield platform
    await platform.stop()
