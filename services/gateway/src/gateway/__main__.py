import uvicorn

from mentoring_runtime.logs import configure_logging

from gateway.app import SERVICE, create_app
from gateway.settings import GatewaySettings

settings = GatewaySettings()
configure_logging(SERVICE, settings.log_level)
uvicorn.run(create_app(settings), host=settings.http_host, port=settings.http_port, log_config=None)
