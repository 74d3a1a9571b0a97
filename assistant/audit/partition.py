"""The work on one partition, the same function on a local process or a Dask worker.

A worker builds its detector once per lexicon version and returns plain,
picklable data: per-row outcomes, flagged rows with masked excerpts, and aggregated counts.
"""

from __future__ import annotations

import csv
import io
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from assistant.audit.fingerprint import detector_version
from assistant.audit.masking import Masker
from assistant.audit.readers import Malformed, Partition, Record
from assistant.audit.retention import is_past_retention, parse_date, retention_cutoff
from assistant.audit.suggestion import rules_rewrite
from assistant.config import Settings
from assistant.detect import Detector
from assistant.detect.finding import Analysis
from assistant.detect.policy import FLAGGING_PII, SENSITIVE_CATEGORIES
from assistant.errors import AssistantError

RETENTION = "RETENTION"
# Order of the categories in flagged.csv and the report: sensitive first, then identifiers, then retention.
REPORTED_CATEGORIES = (*SENSITIVE_CATEGORIES, *sorted(FLAGGING_PII), RETENTION)
STATUSES = ("clean", "flagged", "empty", "malformed")
CATEGORY_SEPARATOR = ";"
REASON_SEPARATOR = " | "


@dataclass(frozen=True, slots=True)
class AuditJob:
    """Everything a worker needs besides the rows; small and picklable."""

    settings: Settings
    as_of: date
    with_dates: bool
    rewrite: bool

    @property
    def cutoff(self) -> date:
        return retention_cutoff(self.as_of, self.settings.retention_years)


@dataclass(frozen=True, slots=True)
class FlaggedRow:
    """A row to act on: why, and a masked excerpt (plus a rules-based rewrite when asked)."""

    row: int
    id: str
    categories: tuple[str, ...]
    reasons: tuple[str, ...]
    excerpt: str
    rewrite: str = ""

    def as_fields(self) -> list[object]:
        return [self.id, self.row, CATEGORY_SEPARATOR.join(self.categories), REASON_SEPARATOR.join(self.reasons),
                self.excerpt, self.rewrite]

    @classmethod
    def from_fields(cls, fields: list[str]) -> FlaggedRow:
        identifier, row, categories, reasons, excerpt, rewrite = fields
        return cls(int(row), identifier, tuple(categories.split(CATEGORY_SEPARATOR)) if categories else (),
                   tuple(reasons.split(REASON_SEPARATOR)) if reasons else (), excerpt, rewrite)


@dataclass(slots=True)
class PartitionResult:
    """A processed partition, ready to be committed to the checkpoint in one transaction.

    Row outcomes, flagged rows and malformed rows travel as compressed CSV lines (the lines of
    rows.csv, flagged.csv and malformed.csv), built in the worker so the coordinating process
    only stores them.
    """

    index: int
    detector_version: str
    rows: int = 0
    outcomes: bytes = b""
    flagged: bytes = b""
    malformed: bytes = b""
    counts: Counter[str] = field(default_factory=Counter)
    months: dict[str, Counter[str]] = field(default_factory=dict)
    seconds: float = 0.0
    weight: int = 0


class _Lines:
    """CSV lines accumulated in memory, then compressed."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\n")

    def add(self, fields: list[object]) -> None:
        self._writer.writerow(fields)

    def packed(self) -> bytes:
        return zlib.compress(self._buffer.getvalue().encode("utf-8"), 1)


def unpack_lines(blob: bytes) -> str:
    """The CSV lines of a packed blob."""
    return zlib.decompress(blob).decode("utf-8") if blob else ""


def _tools(settings: Settings) -> tuple[Detector, Masker, str]:
    return _tools_for(settings, detector_version(settings))


@lru_cache(maxsize=2)
def _tools_for(settings: Settings, version: str) -> tuple[Detector, Masker, str]:
    """A detector for exactly this lexicon version: a long-running server picks up edited lexicons."""
    detector = Detector(settings)
    return detector, Masker(detector), version


def warm_up(settings: Settings) -> None:
    """Build the detector before the first partition arrives (process-pool initializer)."""
    _tools(settings)


def process_partition(partition: Partition, job: AuditJob) -> PartitionResult:
    """Flag every record of the partition (fast path), check retention, and aggregate the counts."""
    started = time.perf_counter()
    detector, masker, version = _tools(job.settings)
    work = _Work(job, detector, masker)
    for record in partition.records:
        work.record(record)
    for bad in partition.malformed:
        work.malformed(bad)
    return PartitionResult(
        index=partition.index, detector_version=version, rows=len(partition),
        outcomes=work.outcomes_packed(), flagged=work.flagged.packed(), malformed=work.bad.packed(),
        counts=work.counts, months=work.months, seconds=time.perf_counter() - started, weight=partition.weight,
    )


class _Work:
    """The running state of one partition: counts, and the CSV lines of its rows."""

    def __init__(self, job: AuditJob, detector: Detector, masker: Masker) -> None:
        self.job, self.detector, self.masker = job, detector, masker
        self.cutoff = job.cutoff
        self.counts: Counter[str] = Counter()
        self.months: dict[str, Counter[str]] = {}
        self.outcomes: list[tuple[int, list[object]]] = []
        self.flagged = _Lines()
        self.bad = _Lines()

    def outcomes_packed(self) -> bytes:
        lines = _Lines()
        for _, fields in sorted(self.outcomes, key=lambda item: item[0]):
            lines.add(fields)
        return lines.packed()

    def malformed(self, bad: Malformed) -> None:
        self.counts["malformed"] += 1
        self.counts[f"malformed:{bad.reason}"] += 1
        self.outcomes.append((bad.row, [bad.id, bad.row, "malformed", ""]))
        self.bad.add([bad.id, bad.row, bad.reason, bad.detail])

    def record(self, record: Record) -> None:
        month, past_retention = self._date_check(record) if self.job.with_dates else (None, False)
        analysis: Analysis | None = None
        if record.text.strip():
            try:
                analysis = self.detector.analyze(record.text, deep=False)
            except AssistantError as error:
                self.malformed(Malformed(record.row, record.id, "analysis_error", type(error).__name__))
                return
        counts = self.counts
        counts["rows"] += 1
        flagged = analysis is not None and analysis.flag
        categories = _categories(analysis) if flagged else []
        if past_retention:
            categories.append(RETENTION)
            counts["past_retention"] += 1
        if analysis is None:
            counts["empty"] += 1
        if flagged:
            counts["flagged"] += 1
        for category in categories:
            counts[f"category:{category}"] += 1
        if month is not None:
            per_month = self.months.setdefault(month, Counter())
            per_month["rows"] += 1
            per_month["flagged"] += flagged
            per_month["past_retention"] += past_retention
        status = "flagged" if flagged else ("empty" if analysis is None else "clean")
        joined = CATEGORY_SEPARATOR.join(categories)
        self.outcomes.append((record.row, [record.id, record.row, status, joined]))
        if categories:
            self.flagged.add(self._flagged_row(record, analysis if flagged else None, categories).as_fields())

    def _date_check(self, record: Record) -> tuple[str | None, bool]:
        """(month, past retention) of the record's last-contact date; counts missing and unparseable dates."""
        if record.date is None or (isinstance(record.date, str) and not record.date.strip()):
            self.counts["dates_missing"] += 1
            return None, False
        last_contact = parse_date(record.date)
        if last_contact is None:
            self.counts["dates_unparseable"] += 1
            return None, False
        return last_contact.strftime("%Y-%m"), is_past_retention(last_contact, self.cutoff)

    def _flagged_row(self, record: Record, analysis: Analysis | None, categories: list[str]) -> FlaggedRow:
        """A flagged.csv row; a row only past retention gets no excerpt (its text is not the problem)."""
        reasons: list[str] = []
        excerpt = rewrite = ""
        if analysis is not None:
            for finding in analysis.findings:
                if finding.type in categories and finding.reason not in reasons:
                    reasons.append(finding.reason)
            excerpt = self.masker.excerpt(analysis)
            if self.job.rewrite:
                rewrite = rules_rewrite(analysis.text, analysis.lang, self.job.settings)
        if RETENTION in categories:
            reasons.append(
                f"Dernier contact le {parse_date(record.date)}, au-delà de la durée de conservation de "
                f"{self.job.settings.retention_years} ans — RGPD art. 5(1)(e)"
            )
        return FlaggedRow(record.row, record.id, tuple(categories), tuple(reasons), excerpt, rewrite)


def _categories(analysis: Analysis) -> list[str]:
    present = {finding.type for finding in analysis.findings}
    return [name for name in REPORTED_CATEGORIES if name in present and name != RETENTION]
