#!/usr/bin/env bash
# `make bench`: starts Kafka and PostgreSQL with the project's scripts on ports of the benchmark's own (never
# those of `make test`), runs the benchmarks in distributed mode (python -m bench), and stops what it started.
#   BENCH_SCALE=small|regional|national (default regional)   BENCH_ONLY=ingest,freshness,api,scale,embedded,portal,records,supervision
#   more knobs (event counts, durations, time limits, ports) in bench/rig.py, bench/ingest.py and bench/scale.py
set -euo pipefail
cd "$(dirname "$0")/.."
export KAFKA_PORT="${KAFKA_PORT:-29192}" KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-29193}"
export PG_PORT="${PG_PORT:-25532}"
export PG_DATABASES="${PG_DATABASES:-bench_allocation bench_kpi bench_bare bench_records bench_supervision}"
mkdir -p .run/bench
started_kafka=no started_pg=no

stop_what_we_started() {
    [ "$started_kafka" = yes ] && bash deploy/kafka/kafka.sh stop >/dev/null 2>&1 || true
    [ "$started_pg" = yes ] && bash deploy/postgres/postgres.sh stop >/dev/null 2>&1 || true
}
trap stop_what_we_started EXIT

bash deploy/kafka/kafka.sh status >/dev/null 2>&1 || started_kafka=yes
bash deploy/postgres/postgres.sh status >/dev/null 2>&1 || started_pg=yes
(bash deploy/kafka/kafka.sh start >.run/bench/kafka-start.log 2>&1; echo $? >.run/bench/kafka-start.rc) &
kafka_starting=$!
bash deploy/postgres/postgres.sh start
wait "$kafka_starting" || true
if [ "$(cat .run/bench/kafka-start.rc 2>/dev/null)" != 0 ]; then cat .run/bench/kafka-start.log; exit 1; fi
tail -n 1 .run/bench/kafka-start.log

.venv/bin/python -m bench
