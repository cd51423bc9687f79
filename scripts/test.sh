#!/usr/bin/env bash
# `make test`: lint, types, import contracts, compose schema, migrations, then every test layer against a real
# Kafka broker and a real PostgreSQL that this script starts (or reuses) and stops again if it started them.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export KAFKA_PORT="${KAFKA_PORT:-19092}" KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-19093}"
export PG_PORT="${PG_PORT:-15432}"
# The services and their databases come from the one platform list (services/platform.py).
SERVICES="$($BIN/python -m services list)"
export PG_DATABASES="${PG_DATABASES:-$($BIN/python -m services list --databases)}"
mkdir -p .run
started_kafka=no started_pg=no kafka_starting=
began=$(date +%s)

stop_what_we_started() {
    # A broker still starting in the background must finish starting before it can be stopped.
    [ -n "${kafka_starting:-}" ] && wait "$kafka_starting" 2>/dev/null || true
    [ "$started_kafka" = yes ] && bash deploy/kafka/kafka.sh stop >/dev/null 2>&1 || true
    [ "$started_pg" = yes ] && bash deploy/postgres/postgres.sh stop >/dev/null 2>&1 || true
}
trap stop_what_we_started EXIT

step() { printf '\n== %s\n' "$*"; }

bash deploy/kafka/kafka.sh status >/dev/null 2>&1 || started_kafka=yes
bash deploy/postgres/postgres.sh status >/dev/null 2>&1 || started_pg=yes
# The broker's JVM starts while the linters run.
(bash deploy/kafka/kafka.sh start >.run/kafka-start.log 2>&1; echo $? >.run/kafka-start.rc) &
kafka_starting=$!

step "lint (ruff)"
$BIN/ruff check .
$BIN/ruff format --check .
step "types (mypy --strict)"
$BIN/mypy shared services demo tests
step "import contracts (import-linter) and the files generated from the platform list"
$BIN/lint-imports
$BIN/python -m services sync --check
step "docker-compose.yml against the Compose specification, and as docker compose reads it"
$BIN/check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml
if docker compose version >/dev/null 2>&1; then
    # Interpolation, anchors and merges as `make up` reads them; placeholders for what an operator must set.
    env CONTINUUM_AUTH_JWKS_URL=https://login.council.example/jwks CONTINUUM_AUTH_ISSUER=https://login.council.example/ \
        POSTGRES_PASSWORD=placeholder docker compose -f docker-compose.yml config --quiet
    echo "docker compose config: valid"
else
    echo "docker compose config: skipped, the docker compose plugin is not installed here (the schema check above ran)"
fi
step "Helm chart (lint, template, Kubernetes schemas) and alert rules"; bash deploy/helm/check.sh

step "Chromium (the portal's browser tests)"
bash scripts/chromium.sh

step "PostgreSQL"
bash deploy/postgres/postgres.sh start
step "Kafka"
wait "$kafka_starting" || true
if [ "$(cat .run/kafka-start.rc 2>/dev/null)" != 0 ]; then cat .run/kafka-start.log; exit 1; fi
tail -n 2 .run/kafka-start.log

step "migrations match the models (alembic check, on PostgreSQL)"
for service in $SERVICES; do
    db="continuum_check_${service}"
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" postgres
    url="postgresql+asyncpg://postgres@127.0.0.1:${PG_PORT}/${db}"
    upper=$(echo "$service" | tr a-z A-Z)
    env "CONTINUUM_${upper}_DATABASE_URL=$url" $BIN/python -m services migrate "$service"
    $BIN/python -m services migrations "$service" check --database-url "$url"
done

step "tests: every layer, on real Kafka and PostgreSQL"
export CONTINUUM_TEST_KAFKA="127.0.0.1:${KAFKA_PORT}"
export CONTINUUM_TEST_PG="postgresql+asyncpg://postgres@127.0.0.1:${PG_PORT}"
export CONTINUUM_REQUIRE_INFRA=1
# pytest exits 5 when it collects nothing; that fails this script like any other failure.
$BIN/pytest -q -p no:cacheprovider "$@"

printf '\nmake test passed in %ss\n' "$(( $(date +%s) - began ))"
