"""Stand-ins for the library results the UI shows (rewrite, answer), shared by the UI unit tests."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FakeRewrite:
    text: str
    method: str
    flag_after: bool
    original: str = ""
    warning: str | None = None


@dataclass(frozen=True)
class FakeSource:
    id: str
    title: str
    source: str
    articles: tuple[str, ...] = ()


@dataclass(frozen=True)
class FakeAnswer:
    answer: str
    declined: bool
    sources: tuple[FakeSource, ...]
    matched_question: str | None = None
