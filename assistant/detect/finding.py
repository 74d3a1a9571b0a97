"""The data a detection returns."""

from __future__ import annotations

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
