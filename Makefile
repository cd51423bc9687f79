# Continuum. The two commands: `make run` (the whole platform, embedded) and `make test` (everything, for real).
SHELL := /bin/bash
PY_BOOT ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.8
PORT ?= 8000
ROLE ?= head_of_service
POD ?=
SIZE ?= town
DEMO ?= town
# The front-end packages the platform serves itself (no CDN): pinned by services/portal/package-lock.json.
ASSETS := services/portal/node_modules/.installed

.PHONY: run test token demo bench up down venv lint clean catalogue

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || $(PY_BOOT) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV)/bin/uv pip sync -q --python $(PY) requirements.lock
	$(VENV)/bin/uv pip install -q --python $(PY) --no-deps -e .
	touch $@

$(ASSETS): services/portal/package.json services/portal/package-lock.json
	cd services/portal && SCARF_ANALYTICS=false npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

venv: $(VENV)/.installed $(ASSETS)

## make run: every service in one process on http://127.0.0.1:$(PORT) (SQLite in data/, in-process events);
## an empty database gets the synthetic town (DEMO=none to start empty)
run: venv
	$(PY) -m services run --port $(PORT) --demo $(DEMO)

## make test: installs, starts real Kafka and PostgreSQL, lints, type-checks, runs every test layer, stops them
test: venv
	bash scripts/test.sh

## make token ROLE=pod_manager POD=<pod id>: a development bearer token
token: venv
	@$(PY) -m shared.auth --role $(ROLE) $(if $(POD),--pod $(POD),) $(if $(WORKER),--worker $(WORKER),)

## make demo SIZE=town|city|national: a synthetic council through the allocation service's own commands
demo: venv
	$(PY) -m demo.allocation --size $(SIZE)

## make bench: the benchmarks, in distributed mode, each figure beside a baseline measured in the same run
bench: venv
	bash bench/run.sh

## make catalogue: regenerate the event JSON Schemas, docs/asyncapi.json and docs/events.md
catalogue: venv
	$(PY) -m shared.events.catalogue

up:
	docker compose up -d --build

down:
	docker compose down

clean:
	rm -rf data .run
