"""`python -m scheduling`: serve the scheduling service on MENTORING_HTTP_HOST:MENTORING_HTTP_PORT."""

from mentoring_runtime.serve import serve
from scheduling.bootstrap import create_app
from scheduling.settings import SERVICE, SchedulingSettings

serve(SERVICE, SchedulingSettings(), create_app)
