"""Enrolment's settings: the MENTORING_* variables every service reads, on its own port."""

from mentoring_runtime.settings import ServiceSettings

SERVICE = "enrolment"


class EnrolmentSettings(ServiceSettings):
    http_port: int = 8101
