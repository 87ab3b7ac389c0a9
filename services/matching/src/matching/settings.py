from mentoring_runtime.settings import ServiceSettings


class MatchingSettings(ServiceSettings):
    http_port: int = 8102
