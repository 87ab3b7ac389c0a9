"""`python -m evaluation`: serve the evaluation service on MENTORING_HTTP_HOST:MENTORING_HTTP_PORT."""

from evaluation.bootstrap import create_app
from evaluation.settings import SERVICE, EvaluationSettings
from mentoring_runtime.serve import serve

serve(SERVICE, EvaluationSettings(), create_app)
