from services.allocation.models import Base
from shared.runtime.migrations import run_migrations

run_migrations(Base.metadata, "allocation")
