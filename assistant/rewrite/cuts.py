"""A cut of a text (a span replaced by other words) and how several cuts apply at once."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"(?:^|[.!?\n])[\s\-—–>]*$")


@dataclass(frozen=True, slots=True)
class Cut:
    """Replace text[start:end] with `replacement`; `how` names the strategy, for tests and eval."""

    start: int
    end: int
    replacement: str = ""
    how: str = "minimal"


def splice(text: str, cuts: list[Cut]) -> str:
    """Apply cuts right to left; overlapping cuts merge into the wider one.

    A replacement (our own words) takes a capital at a sentence start; the comment's words keep their case.
    """
    merged: list[Cut] = []
    for cut in sorted(cuts, key=lambda c: (c.start, -c.end)):
        if merged and cut.start < merged[-1].end:
            last = merged[-1]
            if cut.end > last.end:
                merged[-1] = Cut(last.start, cut.end, last.replacement or cut.replacement, last.how)
            continue
        merged.append(cut)
    for cut in reversed(merged):
        before, after = text[:cut.start], text[cut.end:]
        replacement = cut.replacement
        if replacement and _SENTENCE_END.search(before):
            replacement = replacement[0].upper() + replacement[1:]
        if replacement and before and not before[-1].isspace():
            replacement = " " + replacement
        if replacement and after and after[0].isalnum():
            replacement += " "
        text = before + replacement + after
    return text
