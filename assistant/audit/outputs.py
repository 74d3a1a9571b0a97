"""The files of an audit, regenerated from the checkpoint and swapped in atomically (idempotent on resume)."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO

from assistant.audit.checkpoint import Checkpoint
from assistant.audit.report import render_report
from assistant.audit.summary import AuditSummary

# Column headers; the lines under them come from the checkpoint as they were built by the workers.
HEADERS = {
    "flagged.csv": ("id", "row", "categories", "reasons", "excerpt", "rewrite"),
    "rows.csv": ("id", "row", "status", "categories"),
    "malformed.csv": ("id", "row", "reason", "detail"),
}
_SOURCES = {"flagged.csv": "flagged", "rows.csv": "outcomes", "malformed.csv": "malformed"}


def _atomic(path: Path, write: Callable[[IO[str]], None]) -> None:
    """Write to a temporary file beside `path`, then rename: readers see the old file or the whole new one."""
    staging = path.with_name(f".{path.name}.tmp")
    with staging.open("w", encoding="utf-8", newline="") as handle:
        write(handle)
    os.replace(staging, path)


def write_outputs(out_dir: Path, checkpoint: Checkpoint, summary: AuditSummary, lang: str = "fr") -> dict[str, str]:
    """flagged.csv, rows.csv, malformed.csv, summary.json and report.html (in `lang`); returns their paths by name."""
    paths: dict[str, str] = {}
    for name, header in HEADERS.items():

        def write(handle: IO[str], header: tuple[str, ...] = header, source: str = _SOURCES[name]) -> None:
            csv.writer(handle, lineterminator="\n").writerow(header)
            for lines in checkpoint.iter_lines(source):
                handle.write(lines)

        _atomic(out_dir / name, write)
        paths[name] = str(out_dir / name)
    paths["summary.json"] = str(out_dir / "summary.json")
    paths["report.html"] = str(out_dir / "report.html")
    data = {**summary.as_dict(), "files": paths}
    _atomic(out_dir / "summary.json", lambda handle: json.dump(data, handle, indent=2, ensure_ascii=False))
    _atomic(out_dir / "report.html", lambda handle: handle.write(render_report(summary, checkpoint, lang)))
    return paths
