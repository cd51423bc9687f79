"""The one Alembic environment of every service: the service's own revisions and the shared `platform` branch."""

from alembic import context

from shared.runtime.migrations import run_migrations

run_migrations(context.config)
