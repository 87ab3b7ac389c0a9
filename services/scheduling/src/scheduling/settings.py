"""Scheduling's settings: the MENTORING_* variables every service reads, on its own port, and where the public
reaches the platform (MENTORING_PUBLIC_URL), which calendar feeds' URLs start with."""

from pydantic import Field

from mentoring_runtime.settings import ServiceSettings

SERVICE = "scheduling"


class SchedulingSettings(ServiceSettings):
    http_port: int = 8103
    # How often each instance's cadence checker goes over its partnerships (MeetingOverdue, PartnershipInactive).
    cadence_check_seconds: float = Field(default=60, gt=0)
    # How often it reads every partnership again, to check those another instance activated or changed: as costly
    # as a start's warming (about 1 s per 2,400 facts on FerretDB), and a first period settles 9 days after activation.
    cadence_reread_seconds: float = Field(default=6 * 3600, gt=0)
    # The gateway as people's calendar applications reach it: a feed's URL is this + /calendar/{token}.ics.
    public_url: str = "http://localhost:8000"
