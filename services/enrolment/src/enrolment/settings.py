from mentoring_runtime.settings import ServiceSettings


class EnrolmentSettings(ServiceSettings):
    http_port: int = 8101
