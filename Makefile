# Continuum — the two commands are `make run` and `make test`; the rest is plumbing.
SHELL := /bin/bash
PY_BOOT ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.8
PORT ?= 8000
export KAFKA_PORT ?= 19092
export KAFKA_CONTROLLER_PORT ?= 19093
export PG_PORT ?= 15432

.PHONY: venv run test token demo bench up down lint typecheck contracts clean

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || $(PY_BOOT) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV)/bin/uv pip sync -q --python $(PY) requirements.lock
	$(VENV)/bin/uv pip install -q --python $(PY) --no-deps -e .
	touch $@

venv: $(VENV)/.installed
