"""Runs services: `python -m shared.runtime embedded MODULE:ATTR ...` or `standalone MODULE:ATTR`.

Services are named by import path so this package never imports a service.
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

import uvicorn

from shared.messaging.kafka import KafkaTransport
from shared.messaging.local import LocalLogTransport
from shared.messaging.transport import Transport
from shared.observability import configure_logging
from shared.runtime.app import AfterStart, platform_app
from shared.runtime.runner import ServiceRuntime
from shared.runtime.service import Service
from shared.settings import PlatformSettings


def load_service(path: str) -> Service:
    module_name, _, attribute = path.partition(":")
    service = getattr(importlib.import_module(module_name), attribute or "service")
    if not isinstance(service, Service):
        raise SystemExit(f"{path} is not a Service declaration")
    return service


def database_url(service: Service, data_dir: Path | None) -> str | None:
    if not service.owns_data:
        return None
    configured = service.settings().database_url
    if configured:
        return configured
    if data_dir is None:
        raise SystemExit(f"set CONTINUUM_{service.name.upper()}_DATABASE_URL for the {service.name} service")
    return f"sqlite+aiosqlite:///{data_dir / (service.name + '.sqlite')}"


def build(
    mode: str,
    paths: list[str],
    data_dir: Path | None,
    settings: PlatformSettings,
    after_start: AfterStart | None = None,
) -> object:
    services = [load_service(path) for path in paths]
    transport: Transport
    if mode == "embedded":
        assert data_dir is not None
        data_dir.mkdir(parents=True, exist_ok=True)
        transport = LocalLogTransport(f"sqlite+aiosqlite:///{data_dir / 'events.sqlite'}")
    else:
        transport = KafkaTransport(settings.kafka_bootstrap_servers, client_id="-".join(s.name for s in services))
    runtimes = [ServiceRuntime(s, settings, transport, database_url(s, data_dir)) for s in services]
    return platform_app(runtimes, transport, settings, migrate=settings.migrate_on_start, after_start=after_start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("mode", choices=["embedded", "standalone"])
    parser.add_argument("services", nargs="+", help="MODULE:ATTR of each Service declaration")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--data-dir", type=Path, default=None, help="embedded mode: where the SQLite files live")
    args = parser.parse_args()
    settings = PlatformSettings()
    configure_logging(settings.log_level, json=settings.log_json)
    data_dir = args.data_dir or (Path("data") if args.mode == "embedded" else None)
    app = build(args.mode, args.services, data_dir, settings)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
