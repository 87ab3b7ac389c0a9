"""`python -m enrolment`: serve the enrolment service on MENTORING_HTTP_HOST:MENTORING_HTTP_PORT."""

from enrolment.bootstrap import create_app
from enrolment.settings import SERVICE, EnrolmentSettings
from mentoring_runtime.serve import serve

serve(SERVICE, EnrolmentSettings(), create_app)
