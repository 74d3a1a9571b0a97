"""Turn the library's results into what the Gradio components show: spans, rows, Markdown.

The detection package (Presidio, spaCy) is imported on first use, not when the app is built,
so the server answers within seconds and loads the models in the background.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

from rich.color import Color

from assistant.rag.draft import article_label
from assistant.ui.i18n import STRINGS, t

if TYPE_CHECKING:
    from assistant.detect.finding import Analysis, Finding
    from assistant.rag import Answer
    from assistant.rewrite import Rewrite

Spans = list[tuple[str, str | None]]

# Gradio's HighlightedText knows these colour names and draws them as soft backgrounds.
_GRADIO_PALETTE = {"red", "green", "blue", "yellow", "purple", "teal", "orange", "cyan", "lime", "pink"}
_ALIASES = {"magenta": "pink"}
_PII_COLOUR = "#64748b"
_FLAGGING_PII_COLOUR = "red"
REMOVED, ADDED = "−", "+"
DIFF_COLOURS = {REMOVED: "red", ADDED: "green"}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-!|~])")
_URL = re.compile(r"https?://[^\s()<>\[\]]+")
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def _css_colour(style: str) -> str:
    """The background of a rich style ("bold white on dark_orange3") as a colour Gradio can draw."""
    background = style.split(" on ")[-1]
    base = re.sub(r"\d+$", "", background.removeprefix("dark_").removeprefix("light_"))
    base = _ALIASES.get(base, base)
    if base in _GRADIO_PALETTE:
        return base
    return Color.parse(background).get_truecolor().hex


def _policy() -> ModuleType:
    from assistant.detect import policy

    return policy


@cache
def colour_map() -> dict[str, str]:
    """Colour of every entity type, from the same palette as the terminal output."""
    from assistant.display import CATEGORY_STYLES

    policy = _policy()
    colours = {category: _css_colour(style) for category, style in CATEGORY_STYLES.items()}
    for name in policy.ENTITY_POLICIES:
        colours.setdefault(name, _FLAGGING_PII_COLOUR if name in policy.FLAGGING_PII else _PII_COLOUR)
    return colours


def _non_overlapping(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in text order; a span overlapping an earlier, kept one is dropped."""
    kept: list[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.start, -(f.end - f.start))):
        if kept and finding.start < kept[-1].end:
            continue
        kept.append(finding)
    return kept


def highlight(analysis: Analysis) -> Spans:
    """The comment cut into (text, entity type or None) pieces for gr.HighlightedText."""
    spans: Spans = []
    cursor = 0
    for finding in _non_overlapping(analysis.findings):
        if finding.start > cursor:
            spans.append((analysis.text[cursor:finding.start], None))
        spans.append((analysis.text[finding.start:finding.end], finding.type))
        cursor = finding.end
    if cursor < len(analysis.text):
        spans.append((analysis.text[cursor:], None))
    return spans


def reason(finding: Finding, lang: str) -> str:
    """The finding's reason and legal basis in the interface language."""
    entity = _policy().ENTITY_POLICIES.get(finding.type)
    return entity.reason(lang) if entity is not None else finding.reason


def findings_rows(analysis: Analysis, lang: str) -> list[list[object]]:
    """One table row per finding: excerpt, category, reason with legal basis, score."""
    return [
        [finding.text, finding.type, reason(finding, lang), round(finding.score, 2)]
        for finding in sorted(analysis.findings, key=lambda f: f.start)
    ]


def findings_headers(lang: str) -> list[str]:
    return [t("col_excerpt", lang), t("col_category", lang), t("col_reason", lang), t("col_score", lang)]


def verdict(analysis: Analysis, lang: str) -> str:
    """One Markdown line: flagged with its categories, or clean; identifiers noted either way."""
    flagging_pii = _policy().FLAGGING_PII
    if analysis.flag:
        named = list(analysis.categories)
        if any(f.type in flagging_pii for f in analysis.findings):
            named.append(t("identifier_to_remove", lang))
        line = t("verdict_flagged", lang, categories=", ".join(named))
    else:
        line = t("verdict_clean", lang)
    noted = sorted({f.type for f in analysis.findings if not f.is_sensitive and f.type not in flagging_pii})
    if noted:
        line += "  \n" + t("pii_noted", lang, types=", ".join(noted))
    return line


def diff(original: str, rewritten: str) -> Spans:
    """Word-level changes from the original to the rewrite: removed and added pieces labelled."""
    before, after = _TOKENS.findall(original), _TOKENS.findall(rewritten)
    spans: Spans = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if op == "equal":
            spans.append(("".join(before[a_start:a_end]), None))
            continue
        if a_end > a_start:
            spans.append(("".join(before[a_start:a_end]), REMOVED))
        if b_end > b_start:
            spans.append(("".join(after[b_start:b_end]), ADDED))
    return spans


def method_label(method: str, lang: str) -> str:
    """"llm", "rules" or "unchanged" in words; an unknown method is shown as it is."""
    key = f"method_{method}"
    return t(key, lang) if key in STRINGS else method


def rewrite_status(result: Rewrite, lang: str) -> str:
    """How the rewrite was made and whether it passed the verification."""
    lines = [t("rewrite_heading", lang, method=method_label(result.method, lang)).rstrip(" :"),
             *rewrite_warnings(result, lang)]
    return "  \n".join(lines)


def rewrite_warnings(result: Rewrite, lang: str) -> list[str]:
    """What the reader of a rewrite must know: the model did not answer, or the rewrite still flags."""
    warnings = []
    if result.warning:
        warnings.append(t("model_unavailable", lang, why=escape(result.warning)))
    if result.flag_after:
        warnings.append(t("rewrite_still_flagged", lang))
    return warnings


def escape(text: str) -> str:
    """Show user text literally inside Markdown (no formatting, links or HTML from a comment)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def quote(text: str) -> str:
    """User text as a Markdown block quote, shown literally."""
    return "\n".join(f"> {escape(line)}" if line.strip() else ">" for line in text.splitlines() or [""])


def comment_reply(analysis: Analysis, result: Rewrite | None, lang: str) -> str:
    """The chat reply to a comment: verdict, findings with their legal reasons, then the verified rewrite."""
    parts = [verdict(analysis, lang)]
    if analysis.findings:
        parts.append("\n".join(
            f"- « {escape(f.text)} » — **{f.type}** : {reason(f, lang)}"
            if lang == "fr" else f"- “{escape(f.text)}” — **{f.type}**: {reason(f, lang)}"
            for f in sorted(analysis.findings, key=lambda f: f.start)
        ))
    if result is not None and result.method != "unchanged":
        parts.append(t("rewrite_heading", lang, method=method_label(result.method, lang)) + "\n\n" + quote(result.text))
        parts += rewrite_warnings(result, lang)
    return "\n\n".join(parts)


def sources_markdown(answer: Answer, lang: str) -> str:
    """The sources of an answer as a numbered Markdown list (the numbers the answer cites); empty without any."""
    if not answer.sources:
        return ""
    lines = []
    for number, source in enumerate(answer.sources, start=1):
        name = (f"[{escape(source.title)}]({source.source})" if _URL.fullmatch(source.source)
                else f"{escape(source.title)} — {escape(source.source)}")
        articles = ", ".join(article_label(article, lang) for article in source.articles)
        lines.append(f"- \\[{number}\\] {name}" + (f" ({escape(articles)})" if articles else ""))
    return t("sources", lang) + "\n" + "\n".join(lines)


def answer_reply(text: str, answer: Answer | None, lang: str) -> str:
    """The chat reply to a question: the (possibly partial) answer body, then, once known, the card question
    it answers above it and its sources under it, listed once."""
    body = text  # Markdown from the knowledge base (sanitised by Gradio), rendered as such
    if answer is None:
        return body
    if answer.matched_question:
        body = t("closest_question", lang, question=escape(answer.matched_question)) + "\n\n" + body
    sources = sources_markdown(answer, lang)
    return f"{body}\n\n{sources}" if sources else body
