"""`python -m gateway`: serve the gateway service on MENTORING_HTTP_HOST:MENTORING_HTTP_PORT."""

from gateway.app import SERVICE, create_app
from gateway.settings import GatewaySettings
from mentoring_runtime.serve import serve

serve(SERVICE, GatewaySettings(), create_app)
