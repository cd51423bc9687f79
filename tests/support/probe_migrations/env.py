from shared.runtime.migrations import run_migrations
from tests.support.probe_service import metadata

run_migrations(metadata, "probe")
