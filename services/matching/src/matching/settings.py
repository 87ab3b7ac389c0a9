"""Matching's settings: the MENTORING_* variables every service reads, on its own port."""

from mentoring_runtime.settings import ServiceSettings

SERVICE = "matching"


class MatchingSettings(ServiceSettings):
    http_port: int = 8102
