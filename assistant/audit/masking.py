"""Masked excerpts: a flagged comment with every sensitive span and identifier replaced by [CATEGORY].

The excerpt is the only place an audit copies comment content, so masking is deliberately wide:
the detector's findings, e-mails, phones and IP addresses, names after a civility title
(« Mme Durand » → « Mme [PERSON] »), and any run of nine digits or more (a mistyped card or NIR).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from presidio_analyzer import EntityRecognizer

from assistant.detect import Detector
from assistant.detect.finding import Analysis

EXCERPT_CHARS = 240
_LEAD_CHARS = 80  # context kept before the first mask when the comment is cut
IDENTIFIER_TYPES = frozenset({"EMAIL_ADDRESS", "PHONE_NUMBER", "IP_ADDRESS"})
_UPPER = "A-ZÀ-ÖØ-Þ"
_TITLED_NAME = re.compile(
    r"(?<!\w)(?:M\.|Mme|Mlle|Mr\.?|Mrs\.?|Ms\.?|Miss|Monsieur|Madame|Mademoiselle|Dr\.?|Docteur|Me|Maître|Pr\.?)"
    rf"\s+([{_UPPER}][\w'’\-]*(?:\s+[{_UPPER}][\w'’\-]*){{0,2}})"
)
_DIGIT_RUN = re.compile(r"(?<![\w])\d(?:[ .\-]?\d){8,}(?![\w])")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True, order=True)
class MaskSpan:
    """A span of the original comment to replace by its label; lower priority wins an overlap."""

    priority: int
    start: int
    end: int
    label: str


class Masker:
    """Builds masked excerpts with one detector's findings and its identifier recognizers."""

    def __init__(self, detector: Detector) -> None:
        self._identifiers: dict[str, list[EntityRecognizer]] = {
            lang: [r for r in recognizers if IDENTIFIER_TYPES & set(r.supported_entities)]
            for lang, recognizers in detector.recognizers.items()
        }

    def spans(self, analysis: Analysis) -> list[MaskSpan]:
        """Every span to hide, from the most to the least trusted source."""
        text = analysis.text
        spans = [MaskSpan(0, f.start, f.end, f.type) for f in analysis.findings]
        for recognizer in self._identifiers.get(analysis.lang, ()):
            for result in recognizer.analyze(text, recognizer.supported_entities, None):
                spans.append(MaskSpan(1, result.start, result.end, result.entity_type))
        spans += [MaskSpan(2, m.start(1), m.end(1), "PERSON") for m in _TITLED_NAME.finditer(text)]
        spans += [MaskSpan(3, m.start(), m.end(), "NUMBER") for m in _DIGIT_RUN.finditer(text)]
        return spans

    def excerpt(self, analysis: Analysis, width: int = EXCERPT_CHARS) -> str:
        """The masked comment on one line, cut to `width` characters around its first mask."""
        return cut(mask(analysis.text, self.spans(analysis)), width)


def mask(text: str, spans: list[MaskSpan]) -> str:
    """Replace non-overlapping spans by [LABEL]; on overlap the higher-priority (then earlier) span wins."""
    kept: list[MaskSpan] = []
    for span in sorted(spans):
        if span.end > span.start and all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    pieces: list[str] = []
    position = 0
    for span in sorted(kept, key=lambda s: s.start):
        pieces += [text[position:span.start], f"[{span.label}]"]
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces)


def cut(masked: str, width: int = EXCERPT_CHARS) -> str:
    """One line of at most `width` characters (plus ellipses), starting a little before the first mask."""
    line = _SPACES.sub(" ", masked).strip()
    if len(line) <= width:
        return line
    first = line.find("[")
    start = max(0, min(first - _LEAD_CHARS, len(line) - width)) if first > 0 else 0
    head = "…" if start else ""
    tail = "…" if start + width < len(line) else ""
    return f"{head}{line[start:start + width].strip()}{tail}"
