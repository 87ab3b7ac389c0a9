"""Scheduling's settings: the MENTORING_* variables every service reads, on its own port, and where the public
reaches the platform (MENTORING_PUBLIC_URL), which calendar feeds' URLs start with."""

from mentoring_runtime.settings import ServiceSettings

SERVICE = "scheduling"


class SchedulingSettings(ServiceSettings):
    http_port: int = 8103
    # The gateway as people's calendar applications reach it: a feed's URL is this + /calendar/{token}.ics.
    public_url: str = "http://localhost:8000"
