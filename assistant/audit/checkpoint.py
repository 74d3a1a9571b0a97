"""The SQLite checkpoint in the output folder: the single source of truth of an audit.

A partition's row outcomes, flagged rows, malformed rows and counts are one row of the
`partitions` table, whose presence is the "done" mark: a process killed at any moment leaves
either the whole partition or none of it, and a resume redoes only the partitions not recorded.
The partition index is the primary key, so a partition committed twice fails loudly instead of
being counted twice.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.audit.partition import FlaggedRow, PartitionResult, unpack_lines
from assistant.audit.readers import Malformed
from assistant.errors import InputError

FILE_NAME = "checkpoint.sqlite"
# Settings of an audit that a resume must share with the run that started it.
RESUME_KEYS = {
    "input_sha256": "input file (SHA-256)",
    "column": "--column",
    "id_column": "--id-column",
    "date_column": "--date-column",
    "rewrite": "--rewrite",
    "detector_version": "detector version (package and lexicons)",
    "retention_years": "retention period (ASSISTANT_RETENTION_YEARS)",
    "max_text_chars": "text length limit (ASSISTANT_MAX_TEXT_CHARS)",
}
_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE runs (run INTEGER PRIMARY KEY, started_at REAL NOT NULL, updated_at REAL NOT NULL,
                   rows INTEGER NOT NULL DEFAULT 0, partitions INTEGER NOT NULL DEFAULT 0);
CREATE TABLE partitions (idx INTEGER PRIMARY KEY, rows INTEGER NOT NULL, weight INTEGER NOT NULL,
                         counts TEXT NOT NULL, months TEXT NOT NULL, seconds REAL NOT NULL,
                         run INTEGER NOT NULL, done_at REAL NOT NULL,
                         outcomes BLOB NOT NULL, flagged BLOB NOT NULL, malformed BLOB NOT NULL);
"""
_BLOB_COLUMNS = ("outcomes", "flagged", "malformed")


class Checkpoint:
    """Open with `create` (new audit) or `open` (resume); write with `commit`, read with the iterators."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = sqlite3.connect(path, isolation_level="DEFERRED")
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # a killed process loses nothing committed in WAL mode
        self._lock()

    @classmethod
    def create(cls, out_dir: Path, meta: dict[str, Any]) -> Checkpoint:
        """A new checkpoint; an existing one is never overwritten."""
        path = out_dir / FILE_NAME
        if path.exists():
            raise InputError(
                f"{out_dir} already holds an audit checkpoint: add --resume to continue it, or choose another --out."
            )
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = out_dir / f"{FILE_NAME}.new"
        staging.unlink(missing_ok=True)
        with sqlite3.connect(staging) as db:  # schema and meta land together, then appear under the real name
            db.executescript(_SCHEMA)
            db.executemany("INSERT INTO meta VALUES (?, ?)", [(k, json.dumps(v)) for k, v in meta.items()])
        db.close()
        os.replace(staging, path)
        return cls(path)

    @classmethod
    def open(cls, out_dir: Path) -> Checkpoint:
        path = out_dir / FILE_NAME
        if not path.is_file():
            raise InputError(f"{out_dir} has no audit checkpoint to resume; run the audit without --resume.")
        return cls(path)

    @staticmethod
    def exists(out_dir: Path) -> bool:
        return (out_dir / FILE_NAME).is_file()

    def close(self) -> None:
        self._db.close()
        if self._lock_handle is not None:
            self._lock_handle.close()

    def __enter__(self) -> Checkpoint:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _lock(self) -> None:
        """One audit process per output folder at a time."""
        self._lock_handle = None
        try:
            import fcntl
        except ImportError:  # not on POSIX: no lock
            return
        handle = (self.path.parent / f"{FILE_NAME}.lock").open("w")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            handle.close()
            self._db.close()
            raise InputError(f"Another audit is running in {self.path.parent}; wait for it to finish.") from error
        self._lock_handle = handle

    # Metadata and runs

    def meta(self) -> dict[str, Any]:
        return {key: json.loads(value) for key, value in self._db.execute("SELECT key, value FROM meta")}

    def set_meta(self, key: str, value: Any) -> None:
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, json.dumps(value)))

    def check_resumable(self, expected: dict[str, Any]) -> None:
        """Refuse a resume whose input, columns or detector differ from the run that started the audit."""
        stored = self.meta()
        differences = [label for key, label in RESUME_KEYS.items() if stored.get(key) != expected.get(key)]
        if differences:
            raise InputError(
                f"Cannot resume the audit in {self.path.parent}: it was started with a different "
                f"{', '.join(differences)}. Resume with the same input and options, or choose another --out."
            )

    def start_run(self, started_at: float) -> int:
        """Record a run (the first one or a resume) that started at this time (epoch seconds)."""
        with self._db:
            cursor = self._db.execute(
                "INSERT INTO runs (started_at, updated_at) VALUES (?, ?)", (started_at, time.time())
            )
        return int(cursor.lastrowid or 0)

    def finish_run(self, run: int) -> None:
        with self._db:
            self._db.execute("UPDATE runs SET updated_at = ? WHERE run = ?", (time.time(), run))

    def runs(self) -> list[dict[str, float]]:
        query = "SELECT run, started_at, updated_at, rows, partitions FROM runs ORDER BY run"
        return [
            {"run": run, "started_at": started, "updated_at": updated, "rows": rows, "partitions": partitions}
            for run, started, updated, rows, partitions in self._db.execute(query)
        ]

    # Partitions

    def done_partitions(self) -> set[int]:
        return {index for (index,) in self._db.execute("SELECT idx FROM partitions")}

    def commit(self, result: PartitionResult, run: int) -> None:
        """Store one partition and so mark it done, atomically."""
        months = {month: dict(counts) for month, counts in result.months.items()}
        now = time.time()
        with self._db:
            self._db.execute(
                "INSERT INTO partitions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (result.index, result.rows, result.weight, json.dumps(dict(result.counts)), json.dumps(months),
                 result.seconds, run, now, result.outcomes, result.flagged, result.malformed),
            )
            self._db.execute(
                "UPDATE runs SET updated_at = ?, rows = rows + ?, partitions = partitions + 1 WHERE run = ?",
                (now, result.rows, run),
            )

    def totals(self) -> tuple[Counter[str], dict[str, Counter[str]]]:
        """Counts summed over the done partitions, and the same per month of last contact."""
        counts: Counter[str] = Counter()
        months: dict[str, Counter[str]] = {}
        for partition_counts, partition_months in self._db.execute("SELECT counts, months FROM partitions"):
            counts.update(json.loads(partition_counts))
            for month, values in json.loads(partition_months).items():
                months.setdefault(month, Counter()).update(values)
        return counts, dict(sorted(months.items()))

    # Rows, as CSV lines in row order

    def iter_lines(self, column: str) -> Iterator[str]:
        """The CSV lines of every done partition for `outcomes`, `flagged` or `malformed`, in row order."""
        if column not in _BLOB_COLUMNS:
            raise ValueError(column)
        for (blob,) in self._db.execute(f"SELECT {column} FROM partitions ORDER BY idx"):
            yield unpack_lines(blob)

    def _records(self, column: str) -> Iterator[list[str]]:
        for lines in self.iter_lines(column):
            yield from csv.reader(lines.splitlines(keepends=True))

    def iter_flagged(self, category: str | None = None, limit: int | None = None) -> Iterator[FlaggedRow]:
        """Flagged rows in row order; with a category, only those with that category and an excerpt."""
        count = 0
        for fields in self._records("flagged"):
            if limit is not None and count >= limit:
                return
            item = FlaggedRow.from_fields(fields)
            if category is None or (category in item.categories and item.excerpt):
                count += 1
                yield item

    def iter_malformed(self, limit: int | None = None) -> Iterator[Malformed]:
        for count, (identifier, row, reason, detail) in enumerate(self._records("malformed")):
            if limit is not None and count >= limit:
                return
            yield Malformed(int(row), identifier, reason, detail)
