# The two commands a newcomer needs: `make run` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
UV := $(shell deploy/local/uv.sh)

.PHONY: run stop test lint demo bench bench-solver deps infra schemas token

deps:  ## install the Python workspace (one lockfile for every service)
	@$(UV) sync --frozen --all-packages

infra: deps  ## start Kafka and FerretDB (on its PostgreSQL cluster) on 127.0.0.1 (installs them on first use)
	@deploy/local/ferretdb.sh start
	@deploy/local/kafka.sh start

lint: deps
	@$(UV) run --frozen ruff check .
	@$(UV) run --frozen ruff format --check .

test: deps lint  ## the whole suite; the test session starts the servers it needs
	@deploy/local/ferretdb.sh install
	@deploy/local/kafka.sh install
	@deploy/local/kustomize.sh >/dev/null
	@$(UV) run --frozen pytest

schemas: deps  ## regenerate the committed JSON Schema and AsyncAPI documents
	@$(UV) run --frozen python -m mentoring_contracts.export contracts/schemas

run: infra  ## the whole platform on this machine, gateway on :$${GATEWAY_PORT:-8000}
	@deploy/local/services.sh start
	@echo
	@echo "The platform is up. Gateway: http://127.0.0.1:$${GATEWAY_PORT:-8000}  (API docs: /schema, health: /health)"
	@echo "A development token:  make token SUB=coord-1 AGENCY=agency-1 ROLE=coordinator"
	@echo "Try it:               make demo      Stop everything:  make stop"

comma := ,
token: deps  ## print a development token the local gateway accepts: make token SUB=<person> AGENCY=<agency> ROLE=<role>[,<role>]
	@if [ -z "$(SUB)" ] || [ -z "$(AGENCY)" ] || [ -z "$(ROLE)" ]; then \
	  echo "make token needs SUB, AGENCY and ROLE (coordinator, mentor, mentee or leadership; several comma-separated), e.g." >&2; \
	  echo "  make token SUB=coord-1 AGENCY=agency-1 ROLE=coordinator" >&2; exit 2; fi
	@$(UV) run --frozen mentoring token --sub "$(SUB)" --agency "$(AGENCY)" $(foreach role,$(subst $(comma), ,$(ROLE)),--role "$(role)")

stop:  ## stop the services and the servers `make run` started
	@deploy/local/services.sh stop
	@deploy/local/kafka.sh stop
	@deploy/local/ferretdb.sh stop

bench: deps  ## drive a 12,000-person cohort through the running platform and print its figures (ARGS=--help)
	@$(UV) run --frozen python -m deploy.bench $(ARGS)

bench-solver: deps  ## the matching solver in process on a synthetic cohort, against greedy (ARGS="--mentees 100000 --mentors 20000")
	@$(UV) run --frozen python -m deploy.bench.solver $(ARGS)

demo: deps  ## drive the slice through the running gateway and print the programme's metrics
	@$(UV) run --frozen python deploy/local/demo.py
