from shared.runtime.migrations import run_migrations
from tests.support.tally_service import metadata

run_migrations(metadata, "tally")
