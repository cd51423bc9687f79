#!/usr/bin/env python3
"""Validate an SSDA903 CSV export with the DfE rules of `csc-validator-be-903`.

Runs inside tools/validate903/.venv (made by setup.sh); started with another
interpreter it re-executes itself with the venv's python.

    validate.py --ruleset lac2024_25 --folder DIR [--rules SW] [--prev-folder DIR]
                [--la-code E09000027] [--collection-year 2025]

Prints ONE JSON document on stdout:

    {"ruleset", "collection_year", "collection_start", "collection_end",
     "tables": {table: {"file", "rows"}},
     "rules_run": [codes that ran], "rules_skipped": [codes skipped: a table they need is absent],
     "rules_failed": [{"rule", "error"}],
     "errors": [{"rule", "table", "row", "csv_line", "child", "columns", "message"}]}

Exit 0 when the validator ran (with or without errors); 2 when it could not run
(bad arguments, unreadable folder, a CSV whose columns match no 903 table, ...).
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import json
import logging
import numbers
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV_PY = HERE / ".venv" / "bin" / "python"

# rule code -> {table it reports under: table whose row numbers it actually returns}
ROW_TABLE_BUGS = {"SW01STG1": {"SWEpisodes": "Episodes"}}


def _ensure_venv() -> None:
    """Re-exec with the tool's venv when the validator is not importable here."""
    try:
        import lac_validator  # noqa: F401
    except ImportError:
        # (compare prefixes, not binaries: a venv's python is a symlink to the base interpreter)
        if VENV_PY.exists() and Path(sys.prefix).resolve() != (HERE / ".venv").resolve():
            os.execv(str(VENV_PY), [str(VENV_PY), str(Path(__file__).resolve()), *sys.argv[1:]])
        sys.stderr.write(
            "validate903: the validator package is not installed; run tools/validate903/setup.sh first\n"
        )
        sys.exit(2)


def _fail(msg: str) -> "NoReturn":  # noqa: F821
    sys.stderr.write(f"validate903: {msg}\n")
    sys.exit(2)


def _available_rulesets() -> list[str]:
    import lac_validator.rules as rules_pkg

    base = Path(list(rules_pkg.__path__)[0])  # a namespace package: no __init__.py, no __file__
    return sorted(p.name for p in base.iterdir() if p.is_dir() and p.name.startswith("lac") and (p / "__init__.py").exists())


def _year_from_ruleset(ruleset: str) -> str:
    # "lac2024_25" -> "2025" (the inverse of lac_validator.rules.ruleset_utils.get_year_ruleset)
    return str(int(ruleset[3:7]) + 1)


def _table_of(path: Path, column_names: dict) -> str | None:
    """Which 903 table a CSV is, by the same test the package uses: its column set."""
    with open(path, newline="", encoding="utf-8-sig") as fh:
        header = next(csv.reader(fh), [])
    cols = {c for c in header}
    for table, expected in column_names.items():
        if cols == set(expected):
            return table
    return None


def _collect(folder: Path, description: str, column_names: dict, tables: dict, suffix: str) -> list:
    from lac_validator.types import UploadedFile

    if not folder.is_dir():
        _fail(f"not a folder: {folder}")
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
    if not files:
        _fail(f"no .csv files in {folder}")
    out = []
    for p in files:
        table = _table_of(p, column_names)
        if table is None:
            _fail(
                f"{p}: its columns match no SSDA903 table; expected exactly one of "
                + "; ".join(f"{t}={','.join(c)}" for t, c in column_names.items())
            )
        name = table + suffix
        if name in tables:
            _fail(f"{p} and {tables[name]['file']} are both the {table} table")
        tables[name] = {"file": str(p)}
        out.append(UploadedFile(name=str(p), description=description, file_content=p.read_bytes()))
    return out


def main(argv: list[str] | None = None) -> int:
    _ensure_venv()
    ap = argparse.ArgumentParser(description="Run the DfE SSDA903 validator (csc-validator-be-903) on a CSV folder.")
    ap.add_argument("--ruleset", required=True, help="e.g. lac2023_24, lac2024_25, lac2025_26")
    ap.add_argument("--folder", required=True, type=Path, help="folder of this year's 903 CSV files")
    ap.add_argument("--rules", default=None, help="only rules whose code starts with this prefix (comma-separated prefixes allowed), e.g. SW")
    ap.add_argument("--prev-folder", type=Path, default=None, help="optional folder of LAST year's CSV files (the *_last tables)")
    ap.add_argument("--la-code", default="E09000027", help="local authority (UTLA) code; only used by placement-location rules")
    ap.add_argument("--collection-year", default=None, help="collection end year, default from the ruleset (lac2024_25 -> 2025)")
    args = ap.parse_args(argv)

    # Quiet the package: its loggers write INFO to stderr and some rules print() to stdout,
    # which would corrupt our JSON. Everything the package prints goes to stderr.
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    logging.getLogger("lac_validator").setLevel(logging.CRITICAL)
    real_stdout = sys.stdout

    with contextlib.redirect_stdout(sys.stderr):
        import importlib

        import pandas as pd
        from lac_validator.config import column_names
        from lac_validator.datastore import copy_datastore, create_datastore
        from lac_validator.ingress import read_from_text
        from lac_validator.types import UploadError

        available = _available_rulesets()
        if args.ruleset not in available:
            _fail(f"unknown ruleset {args.ruleset!r}; this package has {', '.join(available)}")
        year = args.collection_year or _year_from_ruleset(args.ruleset)

        tables: dict[str, dict] = {}
        files = _collect(args.folder, "This year", column_names, tables, "")
        if args.prev_folder is not None:
            files += _collect(args.prev_folder, "Prev year", column_names, tables, "_last")

        registry = importlib.import_module(f"lac_validator.rules.{args.ruleset}").registry
        prefixes = [p.strip() for p in (args.rules or "").split(",") if p.strip()]
        selected = {c: r for c, r in registry.items() if not prefixes or any(str(c).startswith(p) for p in prefixes)}
        if not selected:
            _fail(f"no rule in {args.ruleset} starts with {args.rules!r}")

        # The same steps as lac_validator.lac_validator.LacValidator(metadata, files, registry, selected_rules),
        # done here one by one so that one rule's bad row index cannot abort the whole run.
        try:
            dfs, metadata_extras = read_from_text(raw_files=files)
        except UploadError as e:
            _fail(f"the validator rejected the files: {e}")
        metadata = {"collectionYear": year, "localAuthority": args.la_code}
        metadata.update(metadata_extras)
        data_store = create_datastore(dfs, metadata)
        for name, df in dfs.items():
            tables.setdefault(name, {})["rows"] = int(len(df))

        rules_run, rules_skipped, rules_failed, errors = [], [], [], []
        for code, rule in selected.items():  # registry order, as the package runs them
            ds_copy = copy_datastore(data_store)
            try:
                result = rule.func(ds_copy)
            except Exception as e:  # the package logs these and carries on, so do we
                rules_failed.append({"rule": str(code), "error": f"{type(e).__name__}: {e}"})
                continue
            if result == {}:
                rules_skipped.append(str(code))
                continue
            rules_run.append(str(code))
            for table, values in result.items():
                values = [v for v in list(values) if pd.notna(v)]
                if not values:
                    continue
                # Known package bug: SW01STG1 (lac2023_24) returns row numbers of the Episodes table but files
                # them under "SWEpisodes". Keep the package's table label, and say which table the row is in.
                row_table = ROW_TABLE_BUGS.get(str(code), {}).get(table, table)
                df = dfs.get(row_table)
                for row in sorted(set(values), key=lambda v: (str(type(v)), v)):
                    in_table = df is not None and row in df.index
                    child = df.at[row, "CHILD"] if in_table and "CHILD" in df.columns else None
                    err = {
                        "rule": str(code),
                        "table": table,
                        "row": int(row) if isinstance(row, numbers.Integral) else row,
                        "csv_line": int(row) + 2 if in_table and isinstance(row, numbers.Integral) else None,
                        "child": None if child is None or pd.isna(child) else str(child),
                        "columns": list(rule.affected_fields or []),
                        "message": rule.message,
                    }
                    if row_table != table:
                        err["row_table"] = row_table
                        err["note"] = f"{code} returns {row_table} row numbers under the {table} table (package bug)"
                    elif not in_table:
                        err["note"] = f"row {row} is not in the {table} table as loaded"
                    errors.append(err)

    doc = {
        "ruleset": args.ruleset,
        "collection_year": year,
        "collection_start": data_store["metadata"]["collection_start"],
        "collection_end": data_store["metadata"]["collection_end"],
        "tables": tables,
        "rules_run": rules_run,
        "rules_skipped": rules_skipped,
        "rules_failed": rules_failed,
        "errors": errors,
    }
    json.dump(doc, real_stdout, indent=1, default=str)
    real_stdout.write("\n")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SystemExit:
        raise
    except Exception:  # could not run: say why on stderr, exit non-zero, print no JSON
        import traceback

        traceback.print_exc()
        sys.exit(2)
