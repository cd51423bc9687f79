"""The one table: each figure beside its baseline from the same run and its target; and the results file."""

from __future__ import annotations

import os
import platform
import socket
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.table import Table

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class Row:
    benchmark: str
    figure: str
    measured: str
    baseline: str = "—"
    ratio: str = "—"
    target: str = "—"
    met: bool | None = None  # None: no target for this figure


@dataclass
class Outcome:
    """What one benchmark found: its rows, and notes that say how it was measured and what limits it."""

    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def verdict(met: bool | None) -> str:
    return "" if met is None else ("met" if met else "NOT met")


def table(rows: list[Row], title: str) -> Table:
    grid = Table(title=title, show_lines=False)
    for name, justify in [
        ("benchmark", "left"),
        ("figure", "left"),
        ("measured", "right"),
        ("baseline (same run)", "right"),
        ("vs baseline", "right"),
        ("target", "left"),
        ("", "left"),
    ]:
        grid.add_column(name, justify=justify)  # type: ignore[arg-type]
    for row in rows:
        style = "green" if row.met else "red" if row.met is False else ""
        mark = f"[{style}]{verdict(row.met)}[/{style}]" if style else ""
        grid.add_row(row.benchmark, row.figure, row.measured, row.baseline, row.ratio, row.target, mark)
    return grid


def machine() -> dict[str, str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor() or "unknown",
    )
    memory_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    kafka_jars = sorted((Path(__file__).resolve().parent.parent / ".cache/kafka/libs").glob("kafka_2.13-*.jar"))
    kafka = kafka_jars[0].name.removeprefix("kafka_2.13-").removesuffix(".jar") if kafka_jars else "unknown"
    try:
        postgres = subprocess.run(["psql", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    except FileNotFoundError:
        postgres = "unknown"
    return {
        "host": socket.gethostname(),
        "cpus (nproc)": str(os.cpu_count()),
        "cpu model": cpu,
        "memory": f"{memory_kb / 1024 / 1024:.1f} GiB",
        "python": platform.python_version(),
        "kafka": kafka,
        "postgresql (client)": postgres,
        "kernel": platform.release(),
        "load average at start": " ".join(f"{n:.2f}" for n in os.getloadavg()),
    }


def markdown(rows: list[Row], about: dict[str, str], notes: list[str], started: datetime, seconds: float) -> str:
    lines = [f"# `make bench` — {started:%Y-%m-%d %H:%M} UTC", "", "## Machine", ""]
    lines += [f"- **{name}**: {value}" for name, value in about.items()]
    lines += [f"- **run took**: {seconds / 60:.1f} min", "", "## Figures", ""]
    lines += [
        "| benchmark | figure | measured | baseline (same run) | vs baseline | target | |",
        "|---|---|--:|--:|--:|---|---|",
    ]
    lines += [
        f"| {r.benchmark} | {r.figure} | {r.measured} | {r.baseline} | {r.ratio} | {r.target} | {verdict(r.met)} |"
        for r in rows
    ]
    lines += ["", "## How each figure was measured, and what limits it", ""]
    lines += [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


def write(
    rows: list[Row], about: dict[str, str], notes: list[str], started: datetime, seconds: float, name: str
) -> Path:
    """bench/results/<day>-<time>-<host>-<name>.md: two runs of a day never write over each other."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{started:%Y-%m-%d-%H%M}-{about['host']}-{name}.md"
    path.write_text(markdown(rows, about, notes, started, seconds))
    return path


def show(rows: list[Row], notes: list[str], title: str, console: Console | None = None) -> None:
    console = console or Console()
    console.print(table(rows, title))
    for note in notes:
        console.print(f"• {note}", highlight=False)


def now() -> datetime:
    return datetime.now(UTC)
