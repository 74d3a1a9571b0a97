"""The Audit tab: upload an export, pick its columns, follow the progress, read the summary, download results."""

from __future__ import annotations

import json
import logging
import queue
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from assistant.config import Settings
from assistant.errors import InputError
from assistant.services import Services
from assistant.ui.exports import guess_columns
from assistant.ui.guard import guarded
from assistant.ui.i18n import t

log = logging.getLogger("assistant.ui")

EXPORT_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")
_POLL_SECONDS = 0.25
_KEEP_RESULTS_SECONDS = 24 * 3600  # audit results hold flagged comments: they do not outlive a day
_MB = 1024 * 1024


# The figures of summary.json shown in the table, in this order; the rest is in report.html.
SUMMARY_FIGURES = ("rows_total", "rows_checked", "flagged", "empty", "malformed", "past_retention",
                   "duration_seconds", "rows_per_second")


def number(value: float, lang: str, *, percent: bool = False) -> str:
    """A figure as the reader writes it: "12,345.6" in English, "12 345,6" in French."""
    text = f"{value:,.1%}" if percent else f"{value:,.1f}" if isinstance(value, float) else f"{value:,}"
    if lang == "fr":
        text = text.replace(",", "\u202f").replace(".", ",").replace("%", "\u202f%")
    return text


def summary_rows(figures: dict[str, Any], lang: str) -> pd.DataFrame:
    """The main figures of summary.json as (label, value) rows in the interface language."""
    with_dates = bool((figures.get("columns") or {}).get("date"))
    rows = []
    for key in SUMMARY_FIGURES:
        value = figures.get(key)
        if not isinstance(value, int | float) or (key == "past_retention" and not with_dates):
            continue
        text = number(value, lang)
        if key == "flagged" and figures.get("rows_checked"):
            text += f" ({number(value / figures['rows_checked'], lang, percent=True)})"
        rows.append([t(f"figure_{key}", lang), text])
    return pd.DataFrame(rows, columns=[t("col_metric", lang), t("col_value", lang)])


def category_counts(figures: dict[str, Any], lang: str) -> pd.DataFrame:
    """Flagged comments per category found, for the bar chart (categories with none are in the report)."""
    counts = {name: count for name, count in (figures.get("categories") or {}).items() if count}
    return pd.DataFrame({t("chart_category", lang): list(counts), t("chart_count", lang): list(counts.values())})


@dataclass
class AuditTab:
    """Audit-tab handlers bound to the settings and the library functions."""

    settings: Settings
    services: Services
    work_dir: Path = field(default_factory=lambda: Path(tempfile.gettempdir()) / "assistant-ui-audits")

    def _export(self, upload: str | None, lang: str) -> Path:
        if not upload:
            raise InputError(t("error_no_file", lang))
        path = Path(upload)
        if path.suffix.lower() not in EXPORT_SUFFIXES:
            raise InputError(t("error_file_type", lang))
        if path.stat().st_size > self.settings.max_upload_mb * _MB:
            raise InputError(t("error_too_large", lang, mb=self.settings.max_upload_mb))
        return path

    @guarded()
    def columns(self, upload: str | None, lang: str) -> tuple[Any, Any, Any]:
        """Fill the three column pickers from the uploaded file's header."""
        if not upload:
            empty = gr.Dropdown(choices=[], value=None)
            return empty, empty, empty
        names = self.services.columns(self._export(upload, lang))
        text, identifier, date = guess_columns(names)
        optional = ["", *names]
        return (
            gr.Dropdown(choices=names, value=text),
            gr.Dropdown(choices=optional, value=identifier or ""),
            gr.Dropdown(choices=optional, value=date or ""),
        )

    def _out_dir(self) -> Path:
        self.work_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        cutoff = time.time() - _KEEP_RESULTS_SECONDS
        for old in self.work_dir.iterdir():
            if old.is_dir() and old.stat().st_mtime < cutoff:
                shutil.rmtree(old, ignore_errors=True)
        return Path(tempfile.mkdtemp(prefix="audit-", dir=self.work_dir))

    @guarded()
    def run(self, upload: str | None, column: str | None, id_column: str | None, date_column: str | None,
            rewrite: bool, lang: str, progress: gr.Progress = gr.Progress()) -> Iterator[tuple[Any, ...]]:  # noqa: B008
        """Run the audit in a worker thread and stream its progress, then show the summary and the downloads."""
        export = self._export(upload, lang)
        if not column:
            raise InputError(t("error_no_column", lang))
        out_dir = self._out_dir()
        request = self.services.audit_request(
            export=export, column=column, id_column=id_column or None, date_column=date_column or None,
            out_dir=out_dir, rewrite=bool(rewrite),
        )
        hidden = gr.DownloadButton(visible=False)
        events: queue.Queue[tuple[int, int | None]] = queue.Queue()
        outcome: dict[str, Any] = {}

        def work() -> None:
            try:
                outcome["summary"] = self.services.run_audit(request, self.settings, lambda *p: events.put(p))
            except BaseException as error:  # handed to the request thread, which reports it
                outcome["error"] = error

        log.info("audit: started on a %d-byte export", export.stat().st_size)
        worker = threading.Thread(target=work, name="ui-audit", daemon=True)
        worker.start()
        started = time.monotonic()
        progress(0, desc=t("audit_running", lang))
        yield t("audit_running", lang), summary_rows({}, lang), None, hidden, hidden
        shown, percent = t("audit_running", lang), None
        while worker.is_alive() or not events.empty():
            try:
                done, total = events.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                pass
            else:
                if total:
                    percent = min(100, round(100 * done / total))
                    progress(min(1.0, done / total), desc=t("audit_progress", lang, percent=percent))
            status = (t("audit_progress", lang, percent=percent) if percent is not None
                      else t("audit_elapsed", lang, seconds=round(time.monotonic() - started)))
            if status != shown:
                shown = status
                yield status, gr.skip(), gr.skip(), gr.skip(), gr.skip()
        worker.join()
        if "error" in outcome:
            raise outcome["error"]
        figures = json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))
        log.info("audit: finished, %s rows", figures.get("rows_total"))
        yield (
            t("audit_done", lang, flagged=number(figures.get("flagged", 0), lang),
              rows=number(figures.get("rows_checked", 0), lang)),
            summary_rows(figures, lang),
            category_counts(figures, lang),
            gr.DownloadButton(value=str(out_dir / "flagged.csv"), visible=True),
            gr.DownloadButton(value=str(out_dir / "report.html"), visible=True),
        )
