"""`mentoring`: command-line helpers for running the platform locally."""

import argparse
import sys
from collections.abc import Sequence
from datetime import timedelta

from gateway.settings import GatewaySettings
from gateway.tokens import issue_dev_token
from mentoring_contracts.names import Role


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mentoring", description="Helpers for running the mentoring platform locally."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    token = commands.add_parser(
        "token",
        help="print a development access token for the local gateway",
        description="Print a token signed with the local development key (MENTORING_DEV_KEYS_DIR).",
    )
    token.add_argument("--sub", required=True, help="the user id the token is for")
    token.add_argument("--agency", required=True, help="the agency the user acts for")
    token.add_argument(
        "--role",
        required=True,
        action="append",
        dest="roles",
        metavar="ROLE",
        help=f"a role ({', '.join(Role)}); repeat for several",
    )
    token.add_argument(
        "--ttl-minutes", type=int, default=60, metavar="N", help="minutes the token stays valid (default 60)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.ttl_minutes < 1:
        parser.error("--ttl-minutes must be at least 1")
    settings = GatewaySettings()
    if settings.jwks_url or settings.jwks_file:
        # The token would still print, but that gateway verifies against another issuer's keys.
        print("warning: MENTORING_JWKS_URL/FILE is set, so the gateway will not accept this token", file=sys.stderr)
    print(issue_dev_token(args.sub, args.agency, args.roles, timedelta(minutes=args.ttl_minutes), settings))
