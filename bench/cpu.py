"""Where the CPU went during a benchmark: user+system seconds per process (PostgreSQL with all its backends)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float:
    try:
        fields = _stat(pid)
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def children_of(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int(_stat(int(entry.name))[1]) == parent:
                    found.append(int(entry.name))
            except (FileNotFoundError, ProcessLookupError, IndexError):
                continue
    return found


def tree_cpu_seconds(pid: int) -> float:
    """A process and its direct children, live or exited (a postmaster and its backends)."""
    try:
        fields = _stat(pid)
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    own_and_reaped = sum(int(f) for f in fields[11:15]) / TICK
    return own_and_reaped + sum(cpu_seconds(child) for child in children_of(pid))


def parent_of(pid: int) -> int:
    return int(_stat(pid)[1])


class CpuMeter:
    """CPU seconds of named processes between start() and stop(); each is read by a callable (a process that
    exits by itself is read from what wait4 reported)."""

    def __init__(self, readers: dict[str, Callable[[], float]], trees: dict[str, int]) -> None:
        self.readers, self.trees = readers, trees
        self.before: dict[str, float] = {}
        self.started = 0.0

    def _now(self) -> dict[str, float]:
        now = {name: read() for name, read in self.readers.items()}
        now.update({name: tree_cpu_seconds(pid) for name, pid in self.trees.items()})
        now["total (all processes)"] = _machine_busy()
        return now

    def start(self) -> None:
        self.before = self._now()
        self.started = time.perf_counter()

    def stop(self) -> dict[str, float]:
        """CPU seconds per name, "total (all processes)" for the whole machine, and "wall" seconds."""
        after = self._now()
        used = {name: after[name] - self.before.get(name, 0.0) for name in after}
        return {**used, "wall": time.perf_counter() - self.started}


def _machine_busy() -> float:
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / TICK
