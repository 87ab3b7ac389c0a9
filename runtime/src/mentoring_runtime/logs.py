"""One log format for every service: each line carries the service name and the current trace id, and no line
carries a path's secret (a calendar feed's token, in the server's access line or a forwarding warning)."""

import logging
import re
import sys

from opentelemetry import trace

from mentoring_contracts.routes import PUBLIC_API

FORMAT = "%(asctime)s %(levelname)s %(service)s trace=%(trace_id)s %(name)s: %(message)s"


class _TraceContext(logging.Filter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def filter(self, record: logging.LogRecord) -> bool:
        context = trace.get_current_span().get_span_context()
        record.trace_id = format(context.trace_id, "032x") if context.is_valid else "-"
        record.service = self.service
        return True


class _SecretPaths(logging.Filter):
    """Every path under one whose segment is a secret (`SECRET_PATHS`) is written with that segment left out."""

    def __init__(self, prefixes: tuple[str, ...]) -> None:
        super().__init__()
        self._secret = re.compile("(" + "|".join(re.escape(prefix) for prefix in prefixes) + r")[^\s\"'/?]+")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self._secret.sub(r"\1…", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


SECRET_PATHS = tuple(sorted({route.path.split("{", 1)[0] for route in PUBLIC_API if route.anonymous}))
"""Where the path itself is a credential (a calendar feed's URL): the anonymous rows' paths, up to their secret."""


def configure_logging(service: str, level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(_TraceContext(service))
    handler.addFilter(_SecretPaths(SECRET_PATHS))
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    for noisy in ("aiokafka", "pymongo", "httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
