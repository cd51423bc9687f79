"""Mints a development token: `python -m shared.auth --role pod_manager --pod <uuid>`."""

from __future__ import annotations

import argparse

from shared.auth.principal import Role
from shared.auth.tokens import mint_development_token
from shared.settings import PlatformSettings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--role", action="append", required=True, choices=[role.value for role in Role])
    parser.add_argument("--pod", action="append", default=[], help="a pod id the caller belongs to (repeatable)")
    parser.add_argument("--worker", default=None, help="the caller's own worker id, for self-service pages")
    parser.add_argument("--subject", default="developer")
    parser.add_argument("--hours", type=int, default=8)
    args = parser.parse_args()
    token = mint_development_token(
        PlatformSettings(),
        subject=args.subject,
        roles=args.role,
        pods=args.pod,
        worker_id=args.worker,
        lifetime_seconds=args.hours * 3600,
    )
    print(token)


if __name__ == "__main__":
    main()
