"""Whether a rewrite reads as sentences an agent would sign: the form checks of `verify` and of the rules.

Written apart from the evaluation's own judge (assistant/evaluation/judges.py) on purpose: the product
checks itself with these, the evaluation judges it with its own.
"""

from __future__ import annotations

import re

from assistant.rewrite.units import sentence_bounds
from assistant.text import fold_plain

_FIRST_WORD = re.compile(r"\w+")

# Words that cannot open a sentence: they link it to something that is not there.
_OPENING_CONNECTORS = frozenset(
    "et ou mais donc car or ni puis qui que dont lequel laquelle lesquels lesquelles parce puisque "
    "and or but so because which who whom whose nor".split()
)
_BRACKETS = (("(", ")"), ("[", "]"), ("«", "»"), ("{", "}"))
# « a » is a verb in French (« a la procuration »), a determiner only in English.
_DETERMINERS = {
    "fr": "le|la|les|un|une|des|du|aux|ce|cet|cette|ces|son|sa|ses|leur|leurs|mon|ma|mes",
    "en": "the|a|an|his|her|their|its|my|this|these|those",
}
_OPENING_QUOTES = "«\"'“"


def _orphan_determiner(lang: str) -> re.Pattern[str]:
    """A determiner with nothing to determine: before punctuation, at the end, or before another determiner."""
    words = _DETERMINERS.get(lang, _DETERMINERS["fr"])
    return re.compile(rf"(?i)(?<![\w'’.@-])(?:{words})(?:\s*(?:[,.;:!?)\]](?=\s|$)|$)|\s+(?:{words})\s)")


_ORPHANS = {lang: _orphan_determiner(lang) for lang in _DETERMINERS}


def form_problems(text: str, lang: str = "fr") -> list[str]:
    """What keeps `text` from reading as sentences, as short codes; empty when it is well formed.

    Codes: "empty", "punctuation" (opens with punctuation), "connector" (a sentence opens with a connector),
    "brackets" (unbalanced), "determiner" (a determiner with no noun).
    """
    stripped = text.strip()
    if not stripped:
        return ["empty"]
    problems = []
    if not (stripped[0].isalnum() or stripped[0] in _OPENING_QUOTES):
        problems.append("punctuation")
    for start, _, _ in sentence_bounds(stripped):
        first = _FIRST_WORD.match(fold_plain(stripped[start:]))
        if first is not None and first.group() in _OPENING_CONNECTORS:
            problems.append("connector")
            break
    if any(stripped.count(opening) != stripped.count(closing) for opening, closing in _BRACKETS):
        problems.append("brackets")
    if _ORPHANS.get(lang, _ORPHANS["fr"]).search(stripped):
        problems.append("determiner")
    return problems
