"""`python -m services run` (all services, embedded), `python -m services serve NAME` (one, distributed), or
`python -m services migrate NAME` (upgrade its database and exit: a deploy step)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import uvicorn

from services.platform import SERVICES
from shared.observability import configure_logging
from shared.runtime.__main__ import build, load_service
from shared.runtime.migrations import migrate
from shared.settings import PlatformSettings


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m services", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="every service in one process: SQLite files, in-process events")
    run.add_argument("--data-dir", type=Path, default=Path("data"))
    serve = commands.add_parser("serve", help="one service against PostgreSQL and Kafka")
    serve.add_argument("name", choices=sorted(SERVICES))
    for command in (run, serve):
        command.add_argument("--host", default="127.0.0.1")
        command.add_argument("--port", type=int, default=8000)
    migrations = commands.add_parser("migrate", help="upgrade one service's database to its latest migration, and exit")
    migrations.add_argument("name", choices=sorted(SERVICES))
    args = parser.parse_args()
    if args.command == "migrate":
        configure_logging()
        migrate(load_service(SERVICES[args.name]))
        return
    settings = PlatformSettings()
    configure_logging(settings.log_level, json=settings.log_json)
    if args.command == "run":
        app = build("embedded", list(SERVICES.values()), args.data_dir, settings)
        print(f"Continuum is running at http://{args.host}:{args.port}/ (docs: /allocation/v1/docs, /kpi/v1/docs)")
        print("A development token: make token ROLE=head_of_service")
        sys.stdout.flush()
    else:
        app = build("standalone", [SERVICES[args.name]], None, settings)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
