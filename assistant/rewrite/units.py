"""A comment cut into sentences, and each sentence into units: the pieces a statement is made of.

A unit is a clause or a phrase set off by punctuation (« , ; : — -> + »), a parenthetical, a clause opened
by a connector (« et souhaite », « because… », « car en fauteuil roulant ») or a relative clause (« qui… »).
Each unit knows what joins it to the one before (its mark and connector), so that removing a unit, or
everything before it, leaves a sentence that reads: the statement rules decide which units go.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from assistant.rewrite.vocabulary import ABBREVIATIONS, COORDINATORS, RELATIVES, SUBORDINATORS, TITLES
from assistant.text import fold_plain

_SENTENCE_STOP = re.compile(r"[.!?…]+(?=[\s\"'»”)]*(?:\s|$))|\n+")
_DELIMITER = re.compile(
    r"\s*(?:,(?!\d)|(?<!\d),|;|(?<!\d):|:(?!\d)|\s[—–=-]{1,2}(?=\s)|->|=>|→|\s\+(?=\s)|\.{2,}|…|[!?]+)\s*"
)
_PREVIOUS_WORD = re.compile(r"([\w’']+)\W*$")
_SKIPPED_BEFORE_VERB = frozenset({"PART", "PRON", "ADV", "AUX"})


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of a sentence: text[start:end] holds its words, text[lead:start] what joins it to the last."""

    lead: int
    start: int
    end: int
    kind: str = "clause"  # "clause" | "paren" | "relative"
    mark: str = ""  # the punctuation before it (« , », « : », « -> », « ( »…), "" when none
    connector: str = ""  # the connector word(s) opening it, folded (« et », « so », « qui »), "" when none

    def tokens(self, doc: Doc) -> list[Token]:
        return [t for t in doc if self.start <= t.idx < self.end and not t.is_space]


@dataclass(frozen=True, slots=True)
class Sentence:
    """text[start:end] holds the units; text[end:stop] is the closing punctuation and the space after it."""

    start: int
    end: int
    stop: int
    units: tuple[Unit, ...]


def split_sentences(doc: Doc, lang: str, keep_whole: Sequence[tuple[int, int]] = ()) -> list[Sentence]:
    """The sentences of a parsed comment, each cut into units; no cut falls inside a `keep_whole` span."""
    text = doc.text
    sentences = []
    for start, end, stop in sentence_bounds(text, keep_whole):
        units = _units(doc, start, end, lang, keep_whole)
        if units:
            sentences.append(Sentence(start, end, stop, tuple(units)))
    return sentences


def _inside(position: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(low < position < high for low, high in spans)


def sentence_bounds(text: str, keep_whole: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int, int]]:
    """(start, end, stop) of each sentence: text[start:end] its words, text[end:stop] its closing marks."""
    bounds = []
    start = 0
    for match in _SENTENCE_STOP.finditer(text):
        if (match.group() == "." and _abbreviation(text, start, match.start())) or _inside(match.start(), keep_whole):
            continue
        stop = match.end()
        while stop < len(text) and text[stop] in "\"'»”) \t\n":
            stop += 1
        content_start = _skip_space(text, start, match.start())
        if content_start < match.start():
            bounds.append((content_start, match.start(), stop))
        start = stop
    content_start = _skip_space(text, start, len(text))
    if content_start < len(text):
        end = len(text.rstrip())
        bounds.append((content_start, end, len(text)))
    return bounds


def _abbreviation(text: str, start: int, dot: int) -> bool:
    """« Cl. », « M. », « conf. 4471 »: a full stop after an abbreviation does not end a sentence.

    After a title or a single letter it never does; after another abbreviation (« tél. ») only when
    the next word starts in lower case or with a digit (« tél. Dde report » is two sentences).
    """
    word = _PREVIOUS_WORD.search(text, start, dot)
    if word is None or word.end() != dot:
        return False
    folded = fold_plain(word.group(1))
    if folded in TITLES or (len(folded) == 1 and folded.isalpha()):
        return True
    following = text[dot + 1:].lstrip()[:1]
    return folded in ABBREVIATIONS and (not following or following.islower() or following.isdigit())


def _skip_space(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _parentheses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Top-level bracket pairs of text[start:end], closing bracket included; unmatched brackets are ignored."""
    pairs, depth, opened = [], 0, -1
    for index in range(start, end):
        char = text[index]
        if char in "([":
            if depth == 0:
                opened = index
            depth += 1
        elif char in ")]" and depth > 0:
            depth -= 1
            if depth == 0:
                pairs.append((opened, index + 1))
    return pairs


def _units(doc: Doc, start: int, end: int, lang: str, keep_whole: Sequence[tuple[int, int]]) -> list[Unit]:
    text = doc.text
    brackets = _parentheses(text, start, end)
    # (lead, start, kind, mark): the points where a new unit begins
    points: list[tuple[int, int, str, str]] = [(start, start, "clause", "")]
    for low, high in brackets:
        lead = low
        while lead > start and text[lead - 1].isspace():
            lead -= 1
        points.append((lead, low, "paren", "("))
        if high < end:
            points.append((high, _skip_space(text, high, end), "clause", ""))
    for match in _DELIMITER.finditer(text, start, end):
        if any(low <= match.start() < high for low, high in brackets) or _inside(match.start(), keep_whole):
            continue
        points.append((match.start(), match.end(), "clause", match.group().strip()))
    points.sort()
    units: list[Unit] = []
    for index, (lead, unit_start, kind, mark) in enumerate(points):
        unit_end = points[index + 1][0] if index + 1 < len(points) else end
        if kind == "paren":
            unit_end = next(high for low, high in brackets if low == unit_start)
        if unit_start >= unit_end or not text[unit_start:unit_end].strip():
            continue
        unit = Unit(lead, unit_start, _rstrip(text, unit_start, unit_end), kind, mark)
        units += [unit] if kind == "paren" else _split_connectors(doc, unit, lang)
    # a unit made only of punctuation (« -> » between two delimiters) says nothing
    return [unit for unit in units if any(char.isalnum() for char in text[unit.start:unit.end])]


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _split_connectors(doc: Doc, unit: Unit, lang: str) -> list[Unit]:
    """Cut a clause before each connector that opens a new clause; a connector at its start becomes its own."""
    text = doc.text
    tokens = unit.tokens(doc)
    cuts: list[tuple[int, int, str, str]] = []  # (lead, start, kind, connector)
    folded = fold_plain(text)
    for phrase in SUBORDINATORS.get(lang, ()):
        pattern = re.compile(rf"(?<![\w'’]){re.escape(fold_plain(phrase))}(?![\w'’])")
        for match in pattern.finditer(folded, unit.start, unit.end):
            if phrase in {"so", "since"} and not _clause_follows(doc, match.end()):
                continue
            cuts.append((match.start(), match.end(), "clause", fold_plain(phrase)))
    for token in tokens:
        lowered = fold_plain(token.text)
        if lowered in COORDINATORS and _verb_follows(doc, token):
            cuts.append((token.idx, token.idx + len(token), "clause", lowered))
        elif lowered in RELATIVES and token.pos_ == "PRON":
            cuts.append((token.idx, token.idx + len(token), "relative", lowered))
    cuts = _without_overlaps(sorted(cuts))
    units: list[Unit] = []
    current = unit
    for low, high, kind, connector in cuts:
        if low == current.start:  # the connector opens the unit
            opening = _skip_space(text, high, current.end)
            current = Unit(current.lead, opening, current.end, kind, current.mark, connector)
            continue
        lead = low
        while lead > current.start and text[lead - 1].isspace():
            lead -= 1
        units.append(Unit(current.lead, current.start, lead, current.kind, current.mark, current.connector))
        current = Unit(lead, _skip_space(text, high, unit.end), unit.end, kind, "", connector)
    units.append(current)
    return [u for u in units if u.start < u.end]


def _without_overlaps(cuts: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    kept: list[tuple[int, int, str, str]] = []
    for cut in cuts:
        if kept and cut[0] < kept[-1][1]:
            if cut[1] - cut[0] > kept[-1][1] - kept[-1][0]:
                kept[-1] = cut
            continue
        kept.append(cut)
    return kept


def _next_token(doc: Doc, position: int) -> Token | None:
    return next((t for t in doc if t.idx >= position and not t.is_space), None)


def _clause_follows(doc: Doc, position: int) -> bool:
    """« so please deliver », « since he moved »: not « so much », « since 2019 »."""
    following = _next_token(doc, position)
    return following is not None and following.pos_ not in {"ADJ", "ADV", "NUM"} and not following.like_num


def _verb_follows(doc: Doc, token: Token) -> bool:
    """« et souhaite », « and can't take », « and he'll vote »: a clause, not two nouns or adjectives."""
    for following in doc[token.i + 1:token.i + 5]:
        if following.pos_ == "VERB" or (following.pos_ == "AUX" and following.dep_ != "cop"):
            return True
        if following.pos_ not in _SKIPPED_BEFORE_VERB or following.is_punct:
            return False
    return False
