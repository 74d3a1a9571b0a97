"""The library functions the web app and the REST API call, gathered in one place so tests can swap in fakes.

Heavy modules (spaCy, Chroma) are imported on first use, so the server answers quickly. Detection and
answers hold a lock, so the background warm-up and a first request never build the same model twice.
Rewrites run side by side: the language model lives in its own process (assistant.llm), which queues
them, so a check or a question never waits for a rewrite.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.config import Settings

if TYPE_CHECKING:
    from assistant.detect import Analysis
    from assistant.rag import Answer
    from assistant.rewrite import Rewrite

# (answer text so far, the final Answer once known)
AnswerStream = Iterator[tuple[str, "Answer | None"]]

_DETECT_LOCK, _ANSWER_LOCK = threading.Lock(), threading.Lock()


def _detect(text: str, lang: str | None, settings: Settings) -> Analysis:
    from assistant.detect import detect

    with _DETECT_LOCK:
        return detect(text, lang, settings=settings)


def _rewrite(text: str, lang: str | None, settings: Settings) -> Rewrite:
    from assistant.rewrite import rewrite_comment

    return rewrite_comment(text, lang, settings=settings)


def _stream_answer(question: str, lang: str | None, settings: Settings) -> AnswerStream:
    """The answer body as it grows, then the final Answer (its sources are listed by the UI, not in the text)."""
    from assistant.rag import stream_answer

    text = ""
    with _ANSWER_LOCK:  # released when the stream ends or Gradio closes the generator
        for piece in stream_answer(question, lang, settings=settings):
            if isinstance(piece, str):
                text += piece
                yield text, None
            else:
                yield piece.body, piece


def _answer(question: str, lang: str | None, settings: Settings) -> Answer:
    from assistant.rag import answer_question

    with _ANSWER_LOCK:
        return answer_question(question, lang, settings=settings)


def _run_audit(request: Any, settings: Settings, on_progress: Callable[[int, int | None], None]) -> Any:
    """Run the audit; report (work done, total work) through `on_progress`."""
    from assistant.audit import run_audit

    return run_audit(request, settings, progress=False, on_progress=on_progress)


def _audit_request(**fields: Any) -> Any:
    from assistant.audit import AuditRequest

    return AuditRequest(**fields)


def _columns(path: Path) -> list[str]:
    from assistant.ui.exports import header

    return header(path)


@dataclass(frozen=True)
class Services:
    """What the UI and the API can ask of the library. Every field is a plain function."""

    detect: Callable[[str, str | None, Settings], Analysis] = _detect
    rewrite: Callable[[str, str | None, Settings], Rewrite] = _rewrite
    stream_answer: Callable[[str, str | None, Settings], AnswerStream] = _stream_answer
    answer: Callable[[str, str | None, Settings], Answer] = _answer
    audit_request: Callable[..., Any] = _audit_request
    run_audit: Callable[[Any, Settings, Callable[[int, int | None], None]], Any] = _run_audit
    columns: Callable[[Path], list[str]] = _columns
