"""The Check / rewrite tab: findings highlighted in place with their legal reasons, then the verified rewrite."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import gradio as gr
import pandas as pd

from assistant.config import Settings
from assistant.errors import InputError
from assistant.services import Services
from assistant.ui import render
from assistant.ui.guard import guarded
from assistant.ui.i18n import t

log = logging.getLogger("assistant.ui")

# Highlighted spans (with their colours), the findings table, the verdict line.
Checked = tuple[gr.HighlightedText, pd.DataFrame, str]
# The diff against the original, the rewrite, how it was made and verified.
Rewritten = tuple[render.Spans, str, str]


def findings_table(rows: list[list[object]], lang: str) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=render.findings_headers(lang))


@dataclass(frozen=True)
class Check:
    """Check-tab handlers bound to the settings and the library functions."""

    settings: Settings
    services: Services

    def _text(self, comment: str, lang: str) -> str:
        if not (comment or "").strip():
            raise InputError(t("error_empty", lang))
        return comment

    @guarded()
    def analyze(self, comment: str, lang: str) -> Checked:
        """Findings highlighted in place, each with its reason and legal basis, and the verdict."""
        text = self._text(comment, lang)
        analysis = self.services.detect(text, None, self.settings)
        log.info("check: %d characters, %d findings, flag=%s", len(text), len(analysis.findings), analysis.flag)
        return (
            gr.HighlightedText(value=render.highlight(analysis), color_map=render.colour_map()),
            findings_table(render.findings_rows(analysis, lang), lang),
            render.verdict(analysis, lang),
        )

    @guarded()
    def rewrite(self, comment: str, lang: str) -> Rewritten:
        """The verified rewrite next to the original, with the changes marked."""
        text = self._text(comment, lang)
        result = self.services.rewrite(text, None, self.settings)
        log.info("rewrite: %d characters, method=%s, flag_after=%s", len(text), result.method, result.flag_after)
        return render.diff(text, result.text), result.text, render.rewrite_status(result, lang)
