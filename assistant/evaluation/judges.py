"""Judges of a rewrite that owe nothing to the product's detector or verifier.

A rewrite checked only by the detector that chose what to delete looks perfect; these checks use the gold
annotations (cues) and plain well-formedness rules written apart from the rewrite code.
"""

from __future__ import annotations

import re

from assistant.text import fold_plain

# Words that cannot open a sentence a person would sign: they link to something that is not there.
_CONNECTORS = frozenset(
    "et ou mais donc car or ni puis ainsi alors sinon qui que dont lequel laquelle lesquels lesquelles "
    "and or but so because which who whom whose that then nor".split()
)
_BRACKETS = (("(", ")"), ("[", "]"), ("«", "»"), ("{", "}"))
_FIRST_WORD = re.compile(r"\w+")


def leaked_cues(text: str, cues: list[str]) -> list[str]:
    """The gold cues still present in `text`: whole words, case- and accent-insensitive."""
    folded = fold_plain(text)
    return [cue for cue in cues if re.search(rf"(?<!\w){re.escape(fold_plain(cue).strip())}(?!\w)", folded)]


def malformation(text: str) -> str | None:
    """Why a rewrite does not read as a sentence (empty, leading punctuation or connector, unbalanced
    brackets), or None when it is well formed."""
    stripped = text.strip()
    if not stripped:
        return "empty"
    if not (stripped[0].isalnum() or stripped[0] in "«\"'“"):
        return "opens with punctuation"
    first = _FIRST_WORD.search(stripped)
    if first is not None and first.start() == 0 and first.group().lower() in _CONNECTORS:
        return "opens with a connector"
    for opening, closing in _BRACKETS:
        if stripped.count(opening) != stripped.count(closing):
            return "unbalanced brackets"
    return None
