#!/usr/bin/env bash
# Create tools/validate903/.venv and install the pinned DfE SSDA903 validator (requirements.txt) into it.
# Idempotent: skips when the venv already holds exactly these requirements for this interpreter (hash stamp).
# Usage: tools/validate903/setup.sh [--force]      (PYTHON=/path/to/python3.11 to choose the interpreter)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$HERE/.venv"
REQ="$HERE/requirements.txt"
STAMP="$VENV/.requirements.sha256"
PY="${PYTHON:-python3}"

force=0
[[ "${1:-}" == "--force" ]] && force=1

if ! command -v "$PY" >/dev/null 2>&1; then
  echo "setup.sh: $PY not found (set PYTHON=...)" >&2
  exit 1
fi
# numpy<1.25 and pandas<2 (the validator's pins) ship wheels for CPython 3.8-3.11 only.
pyver="$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
case "$pyver" in
  3.9|3.10|3.11) ;;
  *) echo "setup.sh: need CPython 3.9-3.11 for numpy<1.25/pandas<2 wheels, $PY is $pyver (set PYTHON=...)" >&2; exit 1 ;;
esac

want="$( { cat "$REQ"; "$PY" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1)"

if [[ $force -eq 0 && -x "$VENV/bin/python" && -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]] \
   && "$VENV/bin/python" -c 'import importlib.metadata as m; m.version("csc-validator-be-903")' >/dev/null 2>&1; then
  echo "validate903: $VENV is up to date"
  exit 0
fi

start=$(date +%s)
echo "validate903: building $VENV with $PY ($pyver)"
rm -rf "$VENV"
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --disable-pip-version-check --no-input --quiet \
  --only-binary=:all: -r "$REQ"
"$VENV/bin/python" -m pip check --disable-pip-version-check >/dev/null
# smoke test: the rule sets load
"$VENV/bin/python" -c 'import logging; logging.disable(logging.CRITICAL); import lac_validator.rules.lac2025_26 as r; assert r.registry'
echo "$want" > "$STAMP.tmp" && mv "$STAMP.tmp" "$STAMP"
echo "validate903: done in $(( $(date +%s) - start ))s"
