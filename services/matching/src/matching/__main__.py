"""`python -m matching`: serve the matching service on MENTORING_HTTP_HOST:MENTORING_HTTP_PORT."""

from mentoring_runtime.serve import serve

from matching.bootstrap import SERVICE, create_app
from matching.settings import MatchingSettings

serve(SERVICE, MatchingSettings(), create_app)
