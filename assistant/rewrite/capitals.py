"""Capitals after a cut: a sentence that now opens on a word from inside an original sentence takes a capital.

« Enceinte de 7 mois, ne peut pas porter le colis : livraison au 2e étage » loses its opening statement and
would read « livraison au 2e étage »; the agent would have written « Livraison au 2e étage ». A sentence that
opened the same way in the comment keeps the agent's own case (« cl. veut un remboursement »), and so does a
word that is a fact (« cde 150-772 », an e-mail) or is not a plain lower-case word (« iPhone », « n°SS »).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.rewrite.units import sentence_bounds

# A plain lower-case word, not the start of an e-mail, a domain or a code (« p.rivet@… », « x.com », « n°12 »).
_PLAIN_WORD = re.compile(r"[a-zà-öø-ÿ][a-zà-öø-ÿ'’-]*(?![\w@°]|\.\w)")
_WORDS = re.compile(r"\S+")
_ORIGINAL_OPENING = re.compile(r"(?:^|[.!?…\n])[\s\"'«“]*$")


def capitalise_openings(original: str, text: str, facts: Iterable[str] = ()) -> str:
    """`text` (a rewrite of `original`) with a capital on each sentence that a cut made start mid-sentence."""
    facts = [fact for fact in facts if fact]
    for start, _, _ in reversed(sentence_bounds(text)):
        word = _PLAIN_WORD.match(text, start)
        if word is None or any(text.startswith(fact, start) for fact in facts):
            continue
        if _opened_original(original, text[start:]):
            continue
        text = text[:start] + text[start].upper() + text[start + 1:]
    return text


def _opened_original(original: str, sentence: str) -> bool:
    """Whether the longest word prefix of `sentence` found in `original` stands there at a sentence opening.

    A prefix the original does not hold at all (our own words) counts as an opening: nothing to repair.
    """
    words = _WORDS.findall(sentence)
    for count in range(min(len(words), 6), 0, -1):
        prefix = " ".join(words[:count])
        found = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(prefix)}", original)]
        if found:
            return any(_ORIGINAL_OPENING.search(original[:position]) for position in found)
    return True
