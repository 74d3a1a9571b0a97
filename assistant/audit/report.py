"""report.html: a self-contained page, in French or English, that a company can show at a CNIL inspection.

It says what was checked and how (rules and legal bases), what was found (per category, over time, masked
examples, malformed rows, retention) and with what (detector version, lexicon hash, input SHA-256). Inline CSS
and inline PNG charts: one file, nothing fetched. The layout is templates/report.html.j2, the sentences are in
report_text.py, and category labels and legal reasons come from the detector's policy.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from assistant import __version__
from assistant.audit.charts import category_chart, monthly_chart
from assistant.audit.checkpoint import Checkpoint
from assistant.audit.partition import REPORTED_CATEGORIES, RETENTION
from assistant.audit.report_text import MALFORMED_LABELS, REPORT_LANGUAGES, TEXT, WHAT_IS_SEARCHED
from assistant.audit.summary import AuditSummary
from assistant.detect.policy import ENTITY_POLICIES, reason_for
from assistant.errors import InputError

EXAMPLES_PER_CATEGORY = 3
MALFORMED_SHOWN = 20
MONTHS_SHOWN = 120
TEMPLATE = "report.html.j2"
_TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Words:
    """The report's language: its sentences, numbers and dates."""

    lang: str

    def __call__(self, key: str, **values: object) -> Markup:
        """The sentence `key`, trusted markup kept, every value escaped."""
        return Markup(TEXT[key][self.lang]).format(**values)

    def n(self, value: float) -> str:
        """12 345,6 in French, 12,345.6 in English."""
        text = f"{value:,}"
        return text.replace(",", "\u202f").replace(".", ",") if self.lang == "fr" else text

    def pct(self, part: int, whole: int) -> str:
        if not whole:
            return "–"
        share = f"{100 * part / whole:.2f}"
        return share.replace(".", ",") + "\u00a0%" if self.lang == "fr" else share + "%"

    def day(self, iso: str) -> str:
        """2026-11-23 → 23/11/2026 in French, unchanged in English."""
        year, month, day = iso[:10].split("-")
        return f"{day}/{month}/{year}" if self.lang == "fr" else f"{year}-{month}-{day}"

    def when(self, iso: str) -> str:
        """An ISO timestamp as « 23/11/2026 à 13:26 (UTC+01:00) »."""
        if len(iso) < 16:
            return iso
        return str(self("when", day=self.day(iso), time=iso[11:16], offset=iso[19:] or ""))

    def category(self, name: str) -> str:
        if name == RETENTION:
            return str(self("retention_label"))
        return getattr(ENTITY_POLICIES[name], f"label_{self.lang}")

    def reason(self, name: str, years: int) -> str:
        """Label and legal basis, as the detector gives them for a finding."""
        if name == RETENTION:
            return str(self("retention_basis", years=years))
        return reason_for(name, self.lang)

    def searched(self, name: str) -> str:
        return WHAT_IS_SEARCHED[name][self.lang]

    def malformed(self, reason: str) -> str:
        return MALFORMED_LABELS[reason][self.lang] if reason in MALFORMED_LABELS else reason


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(["html", "j2"]),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_report(summary: AuditSummary, checkpoint: Checkpoint, lang: str = "fr") -> str:
    """The whole page as one string, in `lang` (fr or en)."""
    if lang not in REPORT_LANGUAGES:
        raise InputError(f"The report can be written in {' or '.join(REPORT_LANGUAGES)}, not {lang!r}.")
    words = Words(lang)
    return _environment().get_template(TEMPLATE).render(
        t=words, s=summary, version=__version__, **_figures(summary, checkpoint, words)
    )


def _figures(summary: AuditSummary, checkpoint: Checkpoint, words: Words) -> dict[str, Any]:
    """What the template shows beyond the summary itself: tables, charts, examples."""
    with_dates = bool(summary.columns.get("date"))
    counts = {**summary.categories, **({RETENTION: summary.past_retention} if with_dates else {})}
    labels = {name: words.category(name) for name in summary.categories}
    months = dict(list(summary.months.items())[-MONTHS_SHOWN:])
    examples = [
        (name, example)
        for name, count in summary.categories.items() if count
        for example in checkpoint.iter_flagged(name, EXAMPLES_PER_CATEGORY)
    ]
    audit_settings = {key: value for key, value in summary.settings.items()
                      if key.startswith("audit_") or key in {"retention_years", "max_text_chars"}}
    return {
        "with_dates": with_dates,
        "method_categories": [name for name in REPORTED_CATEGORIES if name != RETENTION],
        "counts": counts,
        "category_chart": category_chart(summary.categories, labels, words("axis_flagged_rows"))
        if any(summary.categories.values()) else None,
        "months": months,
        "monthly_chart": monthly_chart(months, {key: str(words(key)) for key in (
            "axis_rows", "axis_rows_by_month", "axis_flagged_share", "legend_flagged_share")})
        if with_dates and months else None,
        "examples": examples,
        "examples_per_category": EXAMPLES_PER_CATEGORY,
        "malformed_rows": list(checkpoint.iter_malformed(MALFORMED_SHOWN)) if summary.malformed else [],
        "malformed_shown": min(summary.malformed, MALFORMED_SHOWN),
        "audit_settings": ", ".join(f"{key} = {value}" for key, value in audit_settings.items()),
        "columns": ", ".join(f"{key} = {value}" for key, value in summary.columns.items() if value),
    }
