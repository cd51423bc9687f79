"""`python -m services COMMAND`: run the platform (`run`, embedded) or one service (`serve NAME`, distributed);
migrate a service's database as a deploy step (`migrate NAME`) or check and write its migrations (`migrations`);
replay a service's projections; add a service; keep the files generated from the platform list in step."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import uvicorn

from services import generated, platform
from shared.observability import configure_logging
from shared.runtime.__main__ import build, load_service
from shared.runtime.migrations import alembic_config, migrate
from shared.runtime.replaying import replay_service
from shared.settings import PlatformSettings


def _serve(args: argparse.Namespace) -> int:
    settings = PlatformSettings()
    configure_logging(settings.log_level, json=settings.log_json)
    if args.command == "run":
        from demo import load_if_empty

        services = [platform.declaration(name) for name in (*platform.SERVICES, platform.PORTAL)]
        demo = None if args.demo == "none" else load_if_empty(args.demo, args.seed)
        app = build("embedded", services, args.data_dir, settings, after_start=demo)
        docs = ", ".join(f"/{name}/v1/docs" for name in platform.SERVICES)
        print(f"Continuum is running at http://{args.host}:{args.port}/ (the portal; API docs: {docs})")
        print("A development token: make token ROLE=head_of_service")
        sys.stdout.flush()
    else:
        app = build("standalone", [platform.declaration(args.name)], None, settings)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)  # type: ignore[arg-type]
    return 0


def _migrate(args: argparse.Namespace) -> int:
    configure_logging()
    migrate(load_service(platform.declaration(args.name)))
    return 0


def _migrations(args: argparse.Namespace) -> int:
    from alembic import command

    service = load_service(platform.declaration(args.name))
    config = alembic_config(service, args.database_url)
    if args.action == "check":
        command.check(config)
    else:
        command.revision(
            config,
            message=args.message,
            autogenerate=True,
            head=f"{args.name}@head",
            version_path=str(service.migrations),
        )
    return 0


def _sync(args: argparse.Namespace) -> int:
    if args.check:
        drifted = generated.drifted()
        for path in drifted:
            print(f"{path} has drifted from services/platform.py: run python -m services sync")
        return 1 if drifted else 0
    for path in generated.write_all():
        print(f"wrote {path}")
    return 0


def _list(args: argparse.Namespace) -> int:
    names = platform.SERVICES
    print(" ".join(platform.database(name) for name in names) if args.databases else " ".join(names))
    return 0


def _new(args: argparse.Namespace) -> int:
    from services.scaffold import create_service

    for path in create_service(args.name):
        print(f"created {path}")
    return 0


def _replay(args: argparse.Namespace) -> int:
    return replay_service(load_service(platform.declaration(args.name)), args)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m services", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="every service in one process: SQLite files, in-process events")
    run.add_argument("--data-dir", type=Path, default=Path("data"))
    run.add_argument("--demo", choices=["town", "none"], default="none", help="load the synthetic town when empty")
    run.add_argument("--seed", type=int, default=2016, help="the synthetic town's seed")
    serve = commands.add_parser("serve", help="one service against PostgreSQL and Kafka")
    serve.add_argument("name", choices=(*platform.SERVICES, platform.PORTAL))
    for command in (run, serve):
        command.add_argument("--host", default="127.0.0.1")
        command.add_argument("--port", type=int, default=8000)
        command.set_defaults(handle=_serve)
    migrations = commands.add_parser("migrations", help="a service's migrations (its own and the platform branch)")
    migrations.add_argument("name", choices=platform.SERVICES)
    migrations.add_argument("action", choices=["check", "revision"])
    migrations.add_argument("-m", "--message", default="changes", help="revision: what the revision does")
    migrations.add_argument("--database-url", help="default: CONTINUUM_<NAME>_DATABASE_URL")
    migrations.set_defaults(handle=_migrations)
    replay = commands.add_parser("replay", help="rebuild a service's projections from the beginning of the topics")
    replay.add_argument("name", choices=platform.SERVICES)
    replay.add_argument("--events-url", help="the embedded event log, e.g. sqlite+aiosqlite:///data/events.sqlite")
    replay.add_argument("--database-url", help="default CONTINUUM_<NAME>_DATABASE_URL; embedded: data/<name>.sqlite")
    replay.add_argument("--group", help="the consumer group to read as and commit for (default: the service's)")
    replay.add_argument("--batch-size", type=int, default=1000, help="events per transaction (default 1000)")
    replay.add_argument("--no-progress", action="store_true", help="no progress bar")
    replay.add_argument("--allow-empty", action="store_true", help="empty the projections even if no events")
    replay.add_argument("--force", action="store_true", help="replay even while the group has live members")
    replay.add_argument("--metrics-port", type=int, help="serve Prometheus metrics (replay progress) on this port")
    replay.set_defaults(handle=_replay)
    new = commands.add_parser("new", help="add a service: its skeleton, one line in services/platform.py")
    new.add_argument("name", help="lower-case, e.g. records")
    new.set_defaults(handle=_new)
    sync = commands.add_parser("sync", help="write the files generated from services/platform.py")
    sync.add_argument("--check", action="store_true", help="only say which have drifted (exit 1 if any)")
    sync.set_defaults(handle=_sync)
    listing = commands.add_parser("list", help="the services' names (or databases), one line")
    listing.add_argument("--databases", action="store_true")
    listing.set_defaults(handle=_list)
    migrate_one = commands.add_parser("migrate", help="upgrade one service's database and exit (a deploy step)")
    migrate_one.add_argument("name", choices=platform.SERVICES)
    migrate_one.set_defaults(handle=_migrate)
    args = parser.parse_args()
    sys.exit(args.handle(args))


if __name__ == "__main__":
    main()
