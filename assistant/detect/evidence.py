"""Evidence spans: a finding covers every word that reveals its category, not only its trigger.

Three steps on the token indices of one comment, for one category:

    triggers ──► attach `evidence` matches ──► grow inside the chunk ──► merge what touches
                 (same sentence, chained:       (≤ GROW_TOKENS a side,    (only punctuation or
                  piled adjectives, prison       never over a stop word,   function words
                  term and place, stereotype)    a person word, a name on  between: one finding)
                                                  the left, a non-duration
                                                  number)

« lourde, lente, bornée et désagréable » is one INSULT finding; « a fait 18 mois à Fresnes » one
CRIMINAL finding; « Client sous chimio demande un RDV » stays « sous chimio ». Pieces in different
sentences stay separate findings: a finding is always one contiguous span.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.detect.tokens import Span, TokenizedText, WordSet

# Tokens a span may grow by on each side of its trigger, inside its chunk. Measured on the cues of
# eval/data/comments_implicit.jsonl: 4 covers most evidence phrases (« depuis son burn-out »,
# « tous les matins ») without running into the note's business part.
GROW_TOKENS = 4
# Tokens of function words allowed between an evidence match and the finding it widens.
ATTACH_GAP = 2
DURATION_UNITS = WordSet(("an", "ans", "annee*", "mois", "semaine*", "jour", "jours", "year*", "month*",
                          "week*", "day", "days", "yr*"))


@dataclass(frozen=True)
class Boundaries:
    """What a span never grows over, for one comment."""

    doc: TokenizedText
    stops: WordSet
    function_words: WordSet
    persons: frozenset[int]  # token indices of person words

    def blocks(self, index: int, *, leftward: bool) -> bool:
        token = self.doc.token_texts[index]
        if index in self.persons or self.stops.ends_at(self.doc, index):
            return True
        if any(char.isdigit() for char in token):
            following = index + 1 < len(self.doc.tokens) and self.doc.token_texts[index + 1] in DURATION_UNITS
            return not (token.isdigit() and following)
        return leftward and index not in self.doc.sentence_starts and self.doc.is_capitalised(index)

    def is_glue(self, index: int) -> bool:
        return self.doc.token_texts[index] in self.function_words


def grow(seeds: list[Span], evidence: list[Span], bounds: Boundaries) -> list[Span]:
    """The evidence spans of one category: triggers widened by evidence and their chunk, then merged."""
    groups = [(span.first_token, span.last_token) for span in seeds]
    groups = _attach(groups, [(span.first_token, span.last_token) for span in evidence], bounds)
    return _merged([_widen(first, last, bounds) for first, last in groups], bounds)


def merge(spans: list[Span], bounds: Boundaries) -> list[Span]:
    """Spans of one category that overlap or touch, as one span each."""
    return _merged([(span.first_token, span.last_token) for span in spans], bounds)


def _merged(ranges: list[tuple[int, int]], bounds: Boundaries) -> list[Span]:
    merged: list[tuple[int, int]] = []
    for first, last in sorted(ranges):
        if merged and _touch(merged[-1], (first, last), bounds):
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return [bounds.doc.span(first, last) for first, last in merged]


def _attach(groups: list[tuple[int, int]], pieces: list[tuple[int, int]], bounds: Boundaries) -> list[tuple[int, int]]:
    """Chain evidence pieces to the groups they touch until nothing more attaches."""
    pending = sorted(set(pieces) - set(groups))
    changed = True
    while changed and pending:
        changed = False
        for piece in list(pending):
            for position, group in enumerate(groups):
                if _overlap(group, piece) or _touch(group, piece, bounds, ATTACH_GAP):
                    groups[position] = (min(group[0], piece[0]), max(group[1], piece[1]))
                    pending.remove(piece)
                    changed = True
                    break
    return groups


def _widen(first: int, last: int, bounds: Boundaries) -> tuple[int, int]:
    """Grow [first, last) inside its chunk, then give back the function words it gained at either edge and
    the person words that open the trigger (« Client africain » → « africain »; « son mari » stays whole)."""
    chunks = bounds.doc.chunk_ids
    low, high = first, last
    while low > 0 and first - low < GROW_TOKENS and chunks[low - 1] == chunks[first] \
            and not bounds.blocks(low - 1, leftward=True):
        low -= 1
    while high < len(chunks) and high - last < GROW_TOKENS and chunks[high] == chunks[last - 1] \
            and not bounds.blocks(high, leftward=False):
        high += 1
    while (low < first and bounds.is_glue(low)) or (low + 1 < last and low in bounds.persons):
        low += 1
    while high > last and bounds.is_glue(high - 1):
        high -= 1
    return low, high


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _touch(a: tuple[int, int], b: tuple[int, int], bounds: Boundaries, gap: int = ATTACH_GAP) -> bool:
    """Same sentence, and at most `gap` function words between the two."""
    left, right = (a, b) if a[0] <= b[0] else (b, a)
    if _overlap(left, right):
        return True
    sentences = bounds.doc.sentence_ids
    between = range(left[1], right[0])
    return (sentences[left[1] - 1] == sentences[right[0]] and len(between) <= gap
            and all(bounds.is_glue(index) for index in between))
