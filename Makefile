# The two commands a newcomer needs: `make run` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
UV := $(shell deploy/local/uv.sh)

.PHONY: run stop test demo deps infra infra-stop token schemas

deps:  ## install the Python workspace (one lockfile for every service)
	@$(UV) sync --frozen --all-packages

infra: deps  ## start Kafka and FerretDB on 127.0.0.1 (installs them on first use)
	@deploy/local/ferretdb.sh start
	@deploy/local/kafka.sh start

infra-stop:
	@deploy/local/kafka.sh stop
	@deploy/local/ferretdb.sh stop

test: deps  ## the whole suite; the test session starts the servers it needs
	@deploy/local/ferretdb.sh install
	@deploy/local/kafka.sh install
	@$(UV) run --frozen pytest

schemas: deps  ## regenerate the committed JSON Schema and AsyncAPI documents
	@$(UV) run --frozen python -m mentoring_contracts.export contracts/schemas
