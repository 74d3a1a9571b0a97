"""The audit summary: every number of summary.json, built from the checkpoint, and a short description."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant.audit.checkpoint import Checkpoint
from assistant.audit.partition import REPORTED_CATEGORIES, RETENTION


@dataclass(frozen=True)
class AuditSummary:
    """What was audited, with what, and what was found (counts only: no comment content)."""

    input: dict[str, Any]
    columns: dict[str, str | None]
    rows_total: int
    rows_checked: int
    flagged: int
    empty: int
    malformed: int
    malformed_reasons: dict[str, int]
    categories: dict[str, int]
    past_retention: int
    dates_missing: int
    dates_unparseable: int
    months: dict[str, dict[str, int]]
    retention: dict[str, Any]
    duration_seconds: float
    rows_per_second: float
    runs: int
    detector: dict[str, str]
    started_at: str
    finished_at: str
    settings: dict[str, Any]
    out_dir: str
    files: dict[str, str] = field(default_factory=dict)

    @property
    def flagged_share(self) -> float:
        return self.flagged / self.rows_checked if self.rows_checked else 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        """A few lines for the terminal."""
        found = ", ".join(f"{name} {count:,}" for name, count in self.categories.items() if count) or "none"
        lines = [
            f"Audited {self.rows_total:,} rows of {self.input['name']} in {self.duration_seconds:,.1f} s "
            f"({self.rows_per_second:,.0f} rows/s{', resumed' if self.runs > 1 else ''}).",
            f"Flagged: {self.flagged:,} comments ({self.flagged_share:.1%}); by category: {found}.",
        ]
        if self.columns.get("date"):
            lines.append(
                f"Past the {self.retention['years']}-year retention: {self.past_retention:,} rows "
                f"(dates missing {self.dates_missing:,}, unreadable {self.dates_unparseable:,})."
            )
        lines.append(f"Malformed rows: {self.malformed:,}; empty comments: {self.empty:,}.")
        lines.append(f"Report: {Path(self.out_dir) / 'report.html'}")
        return "\n".join(lines)


def build_summary(checkpoint: Checkpoint, finished_at: str, out_dir: Path) -> AuditSummary:
    """Sum the done partitions of a finished audit."""
    meta = checkpoint.meta()
    counts, months = checkpoint.totals()
    runs = checkpoint.runs()
    duration = sum(run["updated_at"] - run["started_at"] for run in runs)
    rows_total = counts["rows"] + counts["malformed"]
    categories = {name: counts[f"category:{name}"] for name in REPORTED_CATEGORIES if name != RETENTION}
    return AuditSummary(
        input=meta["input"],
        columns={"text": meta["column"], "id": meta["id_column"], "date": meta["date_column"]},
        rows_total=rows_total,
        rows_checked=counts["rows"],
        flagged=counts["flagged"],
        empty=counts["empty"],
        malformed=counts["malformed"],
        malformed_reasons={key.split(":", 1)[1]: value for key, value in sorted(counts.items())
                           if key.startswith("malformed:")},
        categories=categories,
        past_retention=counts["past_retention"],
        dates_missing=counts["dates_missing"],
        dates_unparseable=counts["dates_unparseable"],
        months={month: {key: values[key] for key in ("rows", "flagged", "past_retention")}
                for month, values in months.items()},
        retention={"years": meta["retention_years"], "as_of": meta["as_of"], "cutoff": meta["cutoff"]},
        duration_seconds=round(duration, 3),
        rows_per_second=round(rows_total / duration, 1) if duration > 0 else 0.0,
        runs=len(runs),
        detector={"version": meta["detector_version"], "package": meta["package_version"],
                  "lexicons_sha256": meta["lexicons_sha256"]},
        started_at=meta["started_at"],
        finished_at=finished_at,
        settings=meta["settings"],
        out_dir=str(out_dir),
    )
