"""Authorisation: guards are plain functions over the Principal the authentication middleware set."""

from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import PermissionDeniedException
from litestar.handlers import BaseRouteHandler
from litestar.types import Guard

from gateway.tokens import Principal
from mentoring_contracts.names import Role


def requires_role(*roles: Role) -> Guard:
    wanted = frozenset(roles)
    needed = " or ".join(roles)

    def guard(connection: ASGIConnection[Any, Principal, Any, Any], _: BaseRouteHandler) -> None:
        if wanted.isdisjoint(connection.user.roles):
            raise PermissionDeniedException(f"this needs the role {needed}")

    return guard
