"""Stand-ins for the library results the UI and the API show (rewrite, answer), shared by their unit tests."""

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

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title, "source": self.source}


@dataclass(frozen=True)
class FakeAnswer:
    answer: str
    declined: bool
    sources: tuple[FakeSource, ...]
    matched_question: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {"answer": self.answer, "declined": self.declined, "sources": [s.as_dict() for s in self.sources]}
