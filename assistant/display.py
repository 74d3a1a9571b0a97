"""Human-readable terminal output for the CLI (rich), kept apart from the logic."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from assistant.detect.finding import Analysis

if TYPE_CHECKING:
    from assistant.rag import Answer
    from assistant.rewrite import Rewrite

CATEGORY_STYLES = {
    "ORIGIN": "bold white on dark_orange3",
    "POLITICAL": "bold white on blue",
    "RELIGION": "bold white on purple",
    "UNION": "bold white on dark_cyan",
    "HEALTH": "bold white on red",
    "SEXUAL": "bold white on magenta",
    "CRIMINAL": "bold white on grey30",
    "INSULT": "bold black on yellow",
}
_PII_STYLE = "underline cyan"
_FLAGGING_PII_STYLE = "bold white on red3"


def _console(stderr: bool = False) -> Console:
    return Console(highlight=False, stderr=stderr)


def highlighted(analysis: Analysis) -> Text:
    """The comment with each finding coloured by type."""
    text = Text(analysis.text)
    for finding in analysis.findings:
        style = CATEGORY_STYLES.get(finding.type)
        if style is None:
            style = _FLAGGING_PII_STYLE if analysis.flag and finding.type in {
                "CREDIT_CARD", "IBAN_CODE", "FR_NIR"} else _PII_STYLE
        text.stylize(style, finding.start, finding.end)
    return text


def print_analysis(analysis: Analysis) -> None:
    console = _console()
    if analysis.flag:
        verdict = Text(f"FLAGGED — {', '.join(analysis.categories) or 'identifier to remove'}", style="bold red")
    else:
        verdict = Text("OK — nothing sensitive", style="bold green")
    console.print(verdict, Text(f"  (lang: {analysis.lang})", style="dim"))
    console.print(highlighted(analysis))
    for finding in analysis.findings:
        line = Text("  • ")
        line.append(finding.type, style=CATEGORY_STYLES.get(finding.type, "bold"))
        line.append(f" [{finding.start}:{finding.end}] « {finding.text} » ({finding.score:.2f}) — {finding.reason}")
        console.print(line, soft_wrap=True)


def print_rewrite(result: Rewrite) -> None:
    console = _console()
    console.print(Text(f"method: {result.method}   flag after: {result.flag_after}", style="dim"))
    if result.warning:
        _console(stderr=True).print(Text(f"Warning: {result.warning} The rules rewrote the comment.", style="yellow"))
    console.print(result.text)


def print_answer(answer: Answer) -> None:
    """The closest card question, the answer with its [n] citations, then each numbered source once."""
    console = _console()
    if answer.matched_question:
        label = "Question la plus proche" if answer.lang == "fr" else "Closest question"
        console.print(Text(f"{label}: {answer.matched_question}", style="italic dim"))
    console.print(Text(answer.body))
    for number, source in enumerate(answer.sources, start=1):
        console.print(Text(f"  [{number}] {source.title} — {source.source}", style="dim"))
