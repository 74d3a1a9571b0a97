"""How the learned layer's findings join the lexicon's: they add and they widen, they never remove.

Statement by statement (what the classifier reads), for a category the classifier found:
- the lexicon found it too: a learned span that touches a lexicon span of the category widens it
  (« sous dialyse » + « trois fois par semaine »); one that does not is dropped (the category is
  settled there, and the classifier's other words are the business part of the note);
- the lexicon found only other categories there: the learned one counts only as a COMPANION touching
  one of them (a stereotype's origin word is in the lexicon, its demeaning generalisation beside it is
  not), from COMPANION_MIN on; otherwise it is the classifier taking one sensitive topic for another:
  dropped;
- the lexicon found nothing there: it counts when its probability reaches ALONE_MIN.
Identifiers are not the classifier's business, and lexicon findings (false friends already applied)
are always kept whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.detect.evidence import Boundaries, adjoins, merge
from assistant.detect.tokens import Span

LEXICON, MODEL = "lexicon", "model"
# Lexicon category → learned categories it lets in beside it. The reverse does not hold: an insult
# found by the lexicon next to a word the classifier takes for an origin is not a stereotype.
COMPANIONS = {"ORIGIN": frozenset({"INSULT"})}
# Probability a learned finding needs in a statement where the lexicons found nothing. On the dev sets
# (comments.jsonl, comments_implicit.jsonl) the category thresholds alone (0.53-0.87) let in 5 wrong
# decisions of 6, all between 0.80 and 0.91 (« Meter exchange appointment » as HEALTH, « criminal
# defence lawyer » as CRIMINAL); the right one was at 0.96.
ALONE_MIN = 0.95
# Probability a companion needs (below its category's threshold: the origin word beside it is the
# lexicon's certainty). On comments_implicit.jsonl, stereotypes score INSULT 0.34-0.73; clean origin
# mentions of the dev sets stay under it.
COMPANION_MIN = 0.55


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
    thresholds: dict[str, float],
) -> list[Evidence]:
    """Every lexicon span, plus the learned spans the rule above lets in, merged per category.

    `learned` may hold spans under their category's threshold (`thresholds`): only a companion uses them."""
    statement = bounds.doc.statement_ids
    lexicon_by_statement: dict[int, list[tuple[str, Span]]] = {}
    for category, spans in lexicon.items():
        for span in spans:
            lexicon_by_statement.setdefault(statement[span.first_token], []).append((category, span))
    combined: list[Evidence] = []
    for category in {*lexicon, *learned}:
        kept = list(lexicon.get(category, []))
        scores = {}
        for span, probability in learned.get(category, []):
            found_there = lexicon_by_statement.get(statement[span.first_token], [])
            if found_there:
                admitted = any(
                    adjoins(span, other, bounds) for other_category, other in found_there
                    if (other_category == category and probability >= thresholds[category])
                    or (category in COMPANIONS.get(other_category, ()) and probability >= COMPANION_MIN))
            else:
                admitted = probability >= ALONE_MIN
            if admitted:
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
