"""`python -m evaluation`: serve the evaluation service on MENTORING_HTTP_HOST:MENTORING_HTTP_PORT."""

from mentoring_runtime.serve import serve

from evaluation.bootstrap import create_app
from evaluation.settings import SERVICE, EvaluationSettings

serve(SERVICE, EvaluationSettings(), create_app)
