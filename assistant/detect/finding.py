"""The data a detection returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from assistant.detect.policy import SENSITIVE_CATEGORIES, is_flagged


@dataclass(frozen=True, slots=True)
class Finding:
    """One entity found in a comment: its type, span, confidence and legal reason."""

    type: str
    start: int
    end: int
    text: str
    score: float
    reason: str
    source: str = "rule"  # "rule" (lexicon, pattern), "model" (sentence classifier) or "ner" (spaCy)

    @property
    def is_sensitive(self) -> bool:
        return self.type in SENSITIVE_CATEGORIES

    def as_dict(self) -> dict[str, object]:
        """The JSONL contract: type, start, end, text, score, reason (the source is for evaluation only)."""
        data = asdict(self)
        del data["source"]
        data["score"] = round(self.score, 3)
        return data


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the detector says about one comment."""

    text: str
    lang: str
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def flag(self) -> bool:
        return is_flagged(finding.type for finding in self.findings)

    @property
    def categories(self) -> list[str]:
        """Sensitive categories present, in canonical order."""
        present = {finding.type for finding in self.findings}
        return [name for name in SENSITIVE_CATEGORIES if name in present]

    def as_dict(self) -> dict[str, object]:
        return {
            "flag": self.flag,
            "categories": self.categories,
            "entities": [finding.as_dict() for finding in self.findings],
        }


class DeferredAnalysis(Analysis):
    """An analysis whose flag is decided first and whose findings are worked out on first use.

    The flag path's answer: most callers only read the flag, and deciding it stops at the first thing
    that flags. A clean comment has no findings; a flagged one gets, when asked, the same findings as
    an Analysis built at once (`work` computes them). It compares, hashes and pickles as that Analysis.
    """

    __slots__ = ("_flag", "_found", "_work")

    def __init__(self, text: str, lang: str, flag: bool, work: Callable[[], tuple[Finding, ...]]) -> None:
        for name, value in (("text", text), ("lang", lang), ("_flag", flag), ("_work", work if flag else None),
                            ("_found", None if flag else ())):
            object.__setattr__(self, name, value)

    @property  # type: ignore[override]
    def findings(self) -> tuple[Finding, ...]:
        found = self._found
        if found is None:  # two threads may both work them out: the same findings
            found = self._work()
            object.__setattr__(self, "_found", found)
        return found

    @property
    def flag(self) -> bool:
        return self._flag

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Analysis):
            return NotImplemented
        return (self.text, self.lang, self.findings) == (other.text, other.lang, other.findings)

    def __hash__(self) -> int:
        return hash((self.text, self.lang, self.findings))

    def __reduce__(self) -> tuple[type[Analysis], tuple[str, str, tuple[Finding, ...]]]:
        return Analysis, (self.text, self.lang, self.findings)
