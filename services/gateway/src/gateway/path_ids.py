"""Ids in paths: checked before anything is forwarded, so malformed ids never reach a service."""

import re
from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException

_PATH_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")


def reject_malformed_ids(request: Request[Any, Any, Any]) -> None:
    """Before-request hook: an id no service could have issued names a resource that does not exist."""
    for value in request.path_params.values():
        require_well_formed(value)


def require_well_formed(value: object) -> None:
    """NotFound unless `value` is an id a service could have issued (a calendar feed's token is one too)."""
    if not isinstance(value, str) or not _PATH_ID.fullmatch(value):
        raise NotFoundException("no such resource: ids are 1-128 letters, digits, '_' or '-'")
