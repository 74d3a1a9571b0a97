"""How the learned layer's findings join the lexicon's: they add and they widen, they never remove.

Statement by statement (what the classifier reads), for a category the classifier found:
- the lexicon found it too: a learned span that touches a lexicon span widens it (« asiatique » +
  « forcément douée en calcul »); one that does not is another piece of evidence;
- the lexicon found only other categories there: the learned one counts only as a COMPANION of one of
  them (a stereotype's origin word is in the lexicon, its demeaning generalisation is not); otherwise
  it is the classifier taking one sensitive topic for another (« ankle tag » is not HEALTH): dropped;
- the lexicon found nothing there: it counts.
Identifiers are not the classifier's business, and lexicon findings (false friends already applied)
are always kept whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.detect.evidence import Boundaries, merge
from assistant.detect.tokens import Span

LEXICON, MODEL = "lexicon", "model"
# Lexicon category → learned categories it lets in beside it. The reverse does not hold: an insult
# found by the lexicon next to a word the classifier takes for an origin is not a stereotype.
COMPANIONS = {"ORIGIN": frozenset({"INSULT"})}


@dataclass(frozen=True, slots=True)
class Evidence:
    """One combined finding: category, span, confidence and which layer found it."""

    category: str
    span: Span
    score: float
    source: str


def combine(
    lexicon: dict[str, list[Span]],
    learned: dict[str, list[tuple[Span, float]]],
    bounds: Boundaries,
    lexicon_score: float,
) -> list[Evidence]:
    """Every lexicon span, plus the learned spans the rule above lets in, merged per category."""
    sentence = bounds.doc.statement_ids
    lexicon_by_sentence: dict[int, set[str]] = {}
    for category, spans in lexicon.items():
        for span in spans:
            lexicon_by_sentence.setdefault(sentence[span.first_token], set()).add(category)
    combined: list[Evidence] = []
    for category in {*lexicon, *learned}:
        kept = list(lexicon.get(category, []))
        scores = {}
        for span, probability in learned.get(category, []):
            found_there = lexicon_by_sentence.get(sentence[span.first_token], set())
            if category in found_there or not found_there or any(
                    category in COMPANIONS.get(other, ()) for other in found_there):
                kept.append(span)
                scores[(span.first_token, span.last_token)] = probability
        for span in merge(kept, bounds):
            inside = [s for s in lexicon.get(category, []) if span.first_token <= s.first_token < span.last_token]
            if inside:
                combined.append(Evidence(category, span, lexicon_score, LEXICON))
            else:
                probability = max(p for (first, last), p in scores.items()
                                  if span.first_token <= first < span.last_token)
                combined.append(Evidence(category, span, probability, MODEL))
    return sorted(combined, key=lambda e: (e.span.start, e.category))
