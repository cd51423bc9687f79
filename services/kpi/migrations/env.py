from services.kpi.models import Base
from shared.runtime.migrations import run_migrations

run_migrations(Base.metadata, "kpi")
