"""What the user asks an audit to do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True, slots=True)
class AuditRequest:
    """One audit: which export, which columns, where the results go, and how to run it."""

    export: Path
    column: str
    out_dir: Path
    id_column: str | None = None
    date_column: str | None = None
    resume: bool = False
    scheduler: str | None = None
    rewrite: bool = False
    as_of: date | None = None  # reference day of the retention check (default: the day the audit starts)
    lang: str = "fr"  # language of report.html: "fr" or "en"
