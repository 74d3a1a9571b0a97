"""Audit benchmark: a synthetic export of N rows audited end to end (rows/s, wall time, peak RSS of the
whole process tree), and vanilla Presidio's BatchAnalyzerEngine on a sample of the same comments, same run.

Throughput is compared twice: in wall-clock rows/s (the product target), and in rows per CPU-second
(user + system time of the whole process tree), which stays meaningful when other jobs share the machine.

Run: .venv/bin/python -m bench.audit --rows 1000000 [--vanilla-rows 2000] [--json bench/out/audit-1000000.json]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import threading
import time
from itertools import islice
from pathlib import Path

import psutil

from assistant.audit import AuditRequest, run_audit
from assistant.config import PROJECT_ROOT, get_settings
from assistant.evaluation.baseline import vanilla_batch
from bench.synthetic import write_export

OUT = PROJECT_ROOT / "bench" / "out"
SAMPLE_SECONDS = 0.1


class TreeMemory:
    """Samples the resident memory of this process and all its children; keeps the peak."""

    def __init__(self) -> None:
        self.peak = 0
        self.peak_main = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = main = me.memory_info().rss
            for child in me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    continue
            self.peak, self.peak_main = max(self.peak, total), max(self.peak_main, main)
            self._stop.wait(SAMPLE_SECONDS)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()


def _comments(export: Path, count: int) -> list[str]:
    with export.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter=";")
        return list(islice((row["commentaire"] for row in rows if row["commentaire"].strip()), count))


def _cpu_seconds() -> float:
    """User + system CPU time of this process and of its finished, waited-for children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _vanilla_rates(texts: list[str]) -> tuple[float, float]:
    """Comments per wall-second and per CPU-second through vanilla Presidio's BatchAnalyzerEngine."""
    engine = vanilla_batch(get_settings())
    list(engine.analyze_iterator(texts[:20], language="fr"))  # warm-up: loads spaCy
    started, cpu = time.perf_counter(), _cpu_seconds()
    list(engine.analyze_iterator(texts, language="fr"))
    return len(texts) / (time.perf_counter() - started), len(texts) / (_cpu_seconds() - cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="Rows of the synthetic export.")
    parser.add_argument("--vanilla-rows", type=int, default=2_000, help="Comments given to vanilla Presidio.")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", type=Path, default=None, help="Also write the numbers here.")
    args = parser.parse_args()

    settings = get_settings()
    export = OUT / f"export-{args.rows}-{args.seed}.csv"
    if not export.exists():
        print(f"Generating {export} …", flush=True)
        write_export(export, args.rows, seed=args.seed)
    out_dir = OUT / f"audit-{args.rows}"
    shutil.rmtree(out_dir, ignore_errors=True)
    request = AuditRequest(export=export, column="commentaire", id_column="id", date_column="date_dernier_contact",
                           out_dir=out_dir)

    started, cpu = time.perf_counter(), _cpu_seconds()
    with TreeMemory() as memory:
        summary = run_audit(request, settings, progress=os.isatty(2))
    wall, cpu = time.perf_counter() - started, _cpu_seconds() - cpu
    audit_rate = summary.rows_total / wall
    vanilla_rate, vanilla_cpu_rate = _vanilla_rates(_comments(export, args.vanilla_rows))

    numbers = {
        "rows": summary.rows_total,
        "flagged": summary.flagged,
        "past_retention": summary.past_retention,
        "export_mb": round(export.stat().st_size / 1e6, 1),
        "wall_seconds": round(wall, 1),
        "audit_rows_per_second": round(audit_rate),
        "audit_rows_per_cpu_second": round(summary.rows_total / cpu),
        "peak_rss_mb_process_tree": round(memory.peak / 1e6),
        "peak_rss_mb_coordinator": round(memory.peak_main / 1e6),
        "workers": summary.settings["audit_workers"] or len(os.sched_getaffinity(0)),
        "vanilla_presidio_rows_per_second": round(vanilla_rate, 1),
        "vanilla_presidio_rows_per_cpu_second": round(vanilla_cpu_rate, 1),
        "vanilla_sample": args.vanilla_rows,
        "throughput_ratio": round(audit_rate / vanilla_rate, 1),
        "cpu_efficiency_ratio": round(summary.rows_total / cpu / vanilla_cpu_rate, 1),
        "load_average_1min": os.getloadavg()[0],
    }
    for key, value in numbers.items():
        print(f"{key:34} {value}")
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
