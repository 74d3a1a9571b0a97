"""Which part of a sentence to cut so that a sensitive span goes without leaving a broken sentence.

Guided by the spaCy dependency parse, most specific first: a modifier phrase (« de confession juive »,
« car en fauteuil roulant »), a sensitive subject (replaced by a neutral one), a predicate
(« est enceinte et »), the comma-delimited segment, and at last the span with its function words.
A cut never removes a fact (number, date, e-mail…) that must be kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

MODIFIER_DEPS = frozenset(
    "amod nmod appos acl acl:relcl relcl advcl obl obl:mod obl:agent advmod conj nmod:poss compound prep pobj "
    "npadvmod dep parataxis nummod quantmod poss".split()
)
COMPLEMENT_DEPS = frozenset("obj dobj iobj attr acomp xcomp ccomp obl:arg oprd".split())
SUBJECT_DEPS = frozenset("nsubj nsubj:pass nsubjpass csubj expl:subj".split())
FUNCTION_POS = frozenset("ADP DET CCONJ SCONJ PART PUNCT AUX PRON".split())
CAUSE_WORDS = frozenset(
    "car parce que puisque vu étant donné comme suite à cause de en raison because as since due to "
    "owing being given".split()
)
_SEGMENT_BREAK = re.compile(r"\s*(?:[,;:.!?()\[\]\n]|->|=>|→|\s[—–-]\s)\s*")
MAX_EXTRA_CONTENT = 3
SEGMENT_CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
SUBJECT_PRONOUNS = frozenset(
    "il elle ils elles on je j' j’ tu ça ce c' c’ cela he she they it we i you this that there".split()
)
PRE_VERB_WORDS = frozenset("ne n' n’ not also never already still jamais déjà toujours aussi".split())
PERSON_NOUN_CATEGORIES = frozenset({"INSULT", "ORIGIN"})
PERSON_NOUN = {"fr": {"Fem": "cliente", "Masc": "client"}, "en": {"Fem": "customer", "Masc": "customer"}}
OPENING_SUBJECT = {"fr": {"Fem": "Cliente", "Masc": "Client"}, "en": {"Fem": "Customer", "Masc": "Customer"}}
NEUTRAL_SUBJECT = {
    "fr": {"Fem": "la cliente", "Masc": "le client"},
    "en": {"Fem": "the customer", "Masc": "the customer"},
}


@dataclass(frozen=True, slots=True)
class Cut:
    """Replace text[start:end] with `replacement`; `how` names the strategy, for tests and eval."""

    start: int
    end: int
    replacement: str = ""
    how: str = "minimal"


def plan_cut(
    doc: Doc, start: int, end: int, protected: list[tuple[int, int]], lang: str, category: str = ""
) -> Cut:
    """The best cut that removes text[start:end] from its sentence without touching `protected` spans."""
    start, end = _whole_words(doc.text, start, end)
    tokens = [t for t in doc if t.idx < end and t.idx + len(t) > start]
    if not tokens:
        return Cut(start, end)
    start, end = min(start, tokens[0].idx), max(end, tokens[-1].idx + len(tokens[-1]))
    heads = [t for t in tokens if t.head not in tokens or t.head == t]
    sentence = tokens[0].sent

    def free(cut: Cut | None) -> Cut | None:
        if cut is None or cut.start > start or cut.end < end:
            return None
        if any(cut.start < high and low < cut.end for low, high in protected):
            return None
        if cut.how in {"modifier", "predicate", "subject"} and _extra_content(doc, cut, start, end) > MAX_EXTRA_CONTENT:
            return None
        if cut.how in {"modifier", "predicate"}:
            cut = _whole_segment_if_empty(doc, cut, start, end, sentence, protected)
        return _with_subject(doc, cut, sentence, lang)

    strategies = (
        lambda: _modifier(doc, tokens, heads, sentence),
        lambda: _person_noun(doc, tokens, heads, lang, category),
        lambda: _subject(doc, tokens, heads, lang),
        lambda: _predicate(doc, heads, protected),
        lambda: _segment(doc.text, start, end, sentence),
    )
    for strategy in strategies:
        cut = free(strategy())
        if cut is not None:
            return cut
    return _minimal(doc, tokens)


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to whole hyphenated words: cutting « Dieu » out of « Part-Dieu » would leave « Part- »."""
    while start > 1 and text[start - 1] in "-‑" and text[start - 2].isalnum():
        start -= 1
        while start > 0 and text[start - 1].isalnum():
            start -= 1
    while end < len(text) - 1 and text[end] in "-‑" and text[end + 1].isalnum():
        end += 1
        while end < len(text) and text[end].isalnum():
            end += 1
    return start, end


def _whole_segment_if_empty(
    doc: Doc, cut: Cut, start: int, end: int, sentence: Span, protected: list[tuple[int, int]]
) -> Cut:
    """A cut that leaves only function words in its segment (« Just out [of jail], needs… ») takes the segment."""
    segment = _segment(doc.text, start, end, sentence)
    if any(segment.start < high and low < segment.end for low, high in protected):
        return cut
    left = [
        t for t in doc
        if segment.start <= t.idx < segment.end and not (cut.start <= t.idx < cut.end) and not t.is_punct
    ]
    return segment if left and not any(t.pos_ in SEGMENT_CONTENT_POS for t in left) else cut


def _before_verb(token: Token) -> bool:
    """Negation, object clitics and a few adverbs that may stand between a subject and its verb."""
    if token.pos_ == "PRON":
        return token.lower_ not in SUBJECT_PRONOUNS
    return token.lower_ in PRE_VERB_WORDS


def _extra_content(doc: Doc, cut: Cut, start: int, end: int) -> int:
    """Content words a cut would take besides the sensitive span itself."""
    return sum(
        1 for t in doc
        if cut.start <= t.idx < cut.end and not (start <= t.idx < end)
        and t.pos_ not in FUNCTION_POS and not t.is_punct and t.pos_ != "NUM"
    )


def _with_subject(doc: Doc, cut: Cut, sentence: Span, lang: str) -> Cut:
    """A sentence whose opening was cut and that now starts with a conjugated verb gets a neutral subject.

    « Pregnant, needs an aisle seat » → « Customer needs an aisle seat »; the verb keeps its case,
    so the facts after it stay verbatim.
    """
    if cut.replacement or doc.text[sentence.start_char:cut.start].strip(" \t,;:-—–>"):
        return cut
    following = next((t for t in doc if t.idx >= cut.end and not t.is_punct and not t.is_space), None)
    if following is None or not following.text[:1].islower():
        return cut
    if doc.text[cut.end:following.idx].strip(" \t,;:-—–>"):
        return cut
    verb = following
    # « ne sait pas », « m'a tenu », « also wants »: negation, clitics and adverbs come before the verb.
    while _before_verb(verb) and verb.i + 1 < len(doc) and verb.i - following.i < 3:
        verb = doc[verb.i + 1]
    finite = "Fin" in verb.morph.get("VerbForm") or verb.tag_ in {"VBZ", "VBD", "VBP", "MD"}
    if verb.pos_ not in {"VERB", "AUX"} or not finite:
        return cut
    removed = [t for t in doc if cut.start <= t.idx < cut.end and t.pos_ in {"NOUN", "ADJ", "PROPN"}]
    genders = {g for t in removed for g in t.morph.get("Gender")}
    subject = OPENING_SUBJECT.get(lang, OPENING_SUBJECT["fr"])["Fem" if genders == {"Fem"} else "Masc"]
    return Cut(cut.start, following.idx, subject, cut.how)


def _chars(tokens: list[Token], how: str, replacement: str = "") -> Cut:
    first, last = min(tokens, key=lambda t: t.i), max(tokens, key=lambda t: t.i)
    return Cut(first.idx, last.idx + len(last), replacement, how)


def _contiguous(indices: set[int]) -> bool:
    return bool(indices) and max(indices) - min(indices) + 1 == len(indices)


def _subtree(token: Token) -> set[int]:
    return {t.i for t in token.subtree}


def _with_left_markers(doc: Doc, indices: set[int]) -> set[int]:
    """Add the cause words and function words that introduce the phrase (« car en », « because of »)."""
    first = min(indices)
    while first > 0:
        previous = doc[first - 1]
        lowered = previous.lower_
        if lowered in CAUSE_WORDS or (previous.pos_ in {"ADP", "DET", "CCONJ", "SCONJ"} and previous.head.i in indices):
            first -= 1
            indices = indices | {first}
        else:
            break
    return indices


def _with_comma(doc: Doc, indices: set[int]) -> set[int]:
    """Take one comma with a phrase cut from between a word and a comma (« Candidat d'origine X, poli »)."""
    last = max(indices)
    first = min(indices)
    after = doc[last + 1] if last + 1 < len(doc) else None
    before = doc[first - 1] if first > 0 else None
    if after is not None and after.text == ",":
        following = doc[last + 2] if last + 2 < len(doc) else None
        if following is not None and following.pos_ in {"NOUN", "PROPN", "NUM", "DET"}:
            return indices  # « client d'origine X, réservation Clio »: the comma separates two items
        if before is not None and before.text == ",":
            # « M. Durand, syndiqué CGT, conteste » → « M. Durand conteste »: both commas go.
            if following is not None and following.pos_ in {"VERB", "AUX"}:
                return indices | {first - 1, last + 1}
            return indices | {first - 1}
        if before is not None and not before.is_punct:
            return indices | {last + 1}
    return indices


def _modifier(doc: Doc, tokens: list[Token], heads: list[Token], sentence: Span) -> Cut | None:
    if not all(head.dep_ in MODIFIER_DEPS for head in heads):
        return None
    indices: set[int] = set()
    for head in heads:
        indices |= _subtree(head)
    top = min(heads, key=lambda t: t.i)
    parent = top.head
    # « d'origine turque »: an adjective whose noun says nothing else takes the noun's phrase along.
    if top.dep_ == "amod" and parent.dep_ in MODIFIER_DEPS and parent.pos_ == "NOUN":
        rest = _subtree(parent) - indices - {parent.i}
        if all(doc[i].pos_ in FUNCTION_POS for i in rest):
            indices |= _subtree(parent)
            top, parent = parent, parent.head
    # Climb through a preposition that only introduces this phrase (« because of his X »).
    while parent.pos_ in {"ADP", "SCONJ"} and parent != parent.head:
        rest = _subtree(parent) - indices
        if all(doc[i].pos_ in FUNCTION_POS for i in rest):
            indices |= _subtree(parent)
            parent = parent.head
        else:
            break
    indices = _with_left_markers(doc, indices)
    if not _contiguous(indices) or sentence.root.i in indices:
        return None
    if not any(not doc[i].is_punct for i in range(sentence.start, sentence.end) if i not in indices):
        return None
    return _chars([doc[i] for i in _with_comma(doc, indices)], "modifier")


def _person_noun(doc: Doc, tokens: list[Token], heads: list[Token], lang: str, category: str) -> Cut | None:
    """An insulting or origin noun naming the person after a determiner: « le [insult] du 3e » → « le client du 3e »."""
    if category not in PERSON_NOUN_CATEGORIES or len(heads) != 1 or heads[0].pos_ not in {"NOUN", "PROPN"}:
        return None
    head = heads[0]
    if not any(child.dep_ == "det" and child.i < tokens[0].i for child in head.children):
        return None
    genders = set(head.morph.get("Gender"))
    noun = PERSON_NOUN.get(lang, PERSON_NOUN["fr"])["Fem" if genders == {"Fem"} else "Masc"]
    return _chars(tokens, "noun", noun)


def _subject(doc: Doc, tokens: list[Token], heads: list[Token], lang: str) -> Cut | None:
    if len(heads) != 1 or heads[0].dep_ not in SUBJECT_DEPS or heads[0].pos_ not in {"NOUN", "PROPN", "ADJ"}:
        return None
    indices = _subtree(heads[0])
    after = max(indices) + 1
    # A fronted phrase set off by punctuation is no subject that a neutral one could replace.
    if not _contiguous(indices) or after >= len(doc) or doc[after].is_punct:
        return None
    genders = {g for t in tokens for g in t.morph.get("Gender")}
    gender = "Fem" if genders == {"Fem"} else "Masc"
    return _chars([doc[i] for i in indices], "subject", NEUTRAL_SUBJECT.get(lang, NEUTRAL_SUBJECT["fr"])[gender])


def _predicate(doc: Doc, heads: list[Token], protected: list[tuple[int, int]]) -> Cut | None:
    if len(heads) != 1:
        return None
    head = heads[0]
    if head.dep_ in COMPLEMENT_DEPS:
        predicate = head.head
    elif head.dep_ == "ROOT" or any(child.dep_ in {"cop", "nsubj"} for child in head.children):
        predicate = head
    else:
        return None
    keep: set[int] = set()
    for child in predicate.children:
        subtree = list(child.subtree)
        carries_fact = any(
            t.idx < high and low < t.idx + len(t) for t in subtree for low, high in protected
        )
        if child.dep_ in {"conj", "parataxis"}:
            # The kept clause loses its own leading « et » / « and » with the cut predicate.
            keep |= {t.i for t in subtree} - {c.i for c in child.children if c.dep_ == "cc" and c.i < child.i}
        elif child.dep_ in SUBJECT_DEPS or child.is_punct or carries_fact:
            keep |= {t.i for t in subtree}
    indices = _subtree(predicate) - keep
    indices = _with_left_markers(doc, indices)
    if not _contiguous(indices):
        return None
    return _chars([doc[i] for i in _with_comma(doc, indices)], "predicate")


def _segment(text: str, start: int, end: int, sentence: Span) -> Cut:
    """The punctuation-delimited piece of the sentence holding the span, with one of its delimiters."""
    low, high = sentence.start_char, sentence.end_char
    left = low
    for match in _SEGMENT_BREAK.finditer(text, low, start):
        left = match.end()
    right_match = _SEGMENT_BREAK.search(text, end, high)
    right = right_match.start() if right_match else high
    if right_match is not None and right_match.group().strip() not in {"(", ")", "[", "]"} and (
        left == low or right_match.group().strip() in {",", ";"}
    ):
        right = right_match.end()
    return Cut(left, right, "", "segment")


def _minimal(doc: Doc, tokens: list[Token]) -> Cut:
    indices = {t.i for t in tokens}
    for token in tokens:
        indices |= {child.i for child in token.children if child.dep_ in {"det", "case", "cc", "mark", "advmod"}
                    and child.i < token.i}
    indices = set(range(min(indices), max(indices) + 1))
    return _chars([doc[i] for i in _with_left_markers(doc, indices)], "minimal")
