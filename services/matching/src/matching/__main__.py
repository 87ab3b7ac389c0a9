"""`python -m matching`: serve the matching service on MENTORING_HTTP_HOST:MENTORING_HTTP_PORT."""

from matching.bootstrap import create_app
from matching.settings import SERVICE, MatchingSettings
from mentoring_runtime.serve import serve

serve(SERVICE, MatchingSettings(), create_app)
