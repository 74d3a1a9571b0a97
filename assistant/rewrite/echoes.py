"""The detector's evidence as the rewrite reads it: triggers, the rest of their evidence, echoes, partners.

An evidence span covers every word that reveals its category (« schizophrène, entend des voix »), but it may
also run over a verb or a need (« in rehab and can't take [calls] », « moron bought the wrong adapter »). So
each sensitive finding is split: the lexicon term inside it (the trigger) is the statement to remove; the
rest of the span is an echo, removed where it is a loose modifier or where its clause only elaborates the
removed statement, never where it carries the need or the business.

A contextual lexicon term that did not flag (« casher » after « porte une kippa ») echoes the category too
once the comment states it, and so does the rewrite's own echo wording (vocabulary.STATEMENT_ECHOES: « pour
la dîme », « par principe »). A partner word of a SEXUAL statement (« son mari ») is replaced by a neutral one.
Echoes are evidence for the rewrite, never a reason to flag.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc

from assistant.config import Settings
from assistant.detect.finding import Analysis, Finding
from assistant.detect.lexicon import PatternIndex, TokenizedText, load_lexicons
from assistant.lang import LANGUAGES
from assistant.rewrite.vocabulary import (
    BUSINESS_NOUNS,
    COORDINATORS,
    ECHO_FALSE_FRIENDS,
    PARTNER_WORDS,
    STATEMENT_ECHOES,
)
from assistant.text import fold_plain

ECHO_REASON = "echo"
PARTNER_REASON = "partner"  # a partner word: replaced by a neutral one, not removed
_TERM, _FRIEND, _PARTNER, _ECHO = "term", "false_friend", "partner", "echo"
# A leftover piece of an evidence span is an echo only when it holds a word this long: shorter pieces are
# function words and punctuation (« , », « a », « of »), whose removal is the parse's business.
MIN_ECHO_WORD = 4
_WORD = re.compile(r"\w+")
# Parts of speech that say nothing on their own: a piece of evidence made only of them is no evidence.
_FUNCTION_POS = frozenset({"DET", "ADV", "PRON", "CCONJ", "SCONJ", "PART", "PUNCT"})


@lru_cache(maxsize=2)
def _indexes(lexicon_dir: Path) -> dict[str, PatternIndex]:
    """Each language's terms, contextual terms, false friends and partner words in one index."""
    indexes = {}
    for lang in LANGUAGES:
        index = PatternIndex()
        for lexicon in load_lexicons(lexicon_dir):
            for section, tag in (("terms", _TERM), ("contextual", _TERM), ("false_friends", _FRIEND)):
                for pattern in lexicon.sections.get(section, {}).get(lang, ()):
                    index.add(pattern, (lexicon.category, tag), f"{lexicon.category}:{section}")
        for word in PARTNER_WORDS.get(lang, ()):
            index.add(word, ("SEXUAL", _PARTNER), "vocabulary.PARTNER_WORDS")
        for category, phrases in STATEMENT_ECHOES.items():
            for phrase in phrases.get(lang, ()):
                index.add(phrase, (category, _ECHO), "vocabulary.STATEMENT_ECHOES")
        for phrase in ECHO_FALSE_FRIENDS.get(lang, ()):
            index.add(phrase, ("", _FRIEND), "vocabulary.ECHO_FALSE_FRIENDS")
        indexes[lang] = index
    return indexes


def with_echoes(analysis: Analysis, settings: Settings, doc: Doc) -> Analysis:
    """The analysis as evidence for the rewrite: triggers, echoes and partners instead of whole spans.

    `doc` is the comment's parse: a piece of evidence that holds a verb, or that a mark or a coordinator
    separates from its trigger, is a clause of its own (an echo); the rest is the trigger's own phrase
    (« Tory voter », « EN PRISON jusqu'en 2026 ») and goes with it.
    """
    if not analysis.categories or analysis.lang not in LANGUAGES:
        return analysis
    text = analysis.text
    tokens = TokenizedText(text, analysis.lang)
    hits: dict[str, list[tuple[str, tuple[int, int]]]] = {_TERM: [], _FRIEND: [], _PARTNER: [], _ECHO: []}
    for (category, tag), span in _indexes(settings.knowledge_dir / "lexicons")[analysis.lang].find(tokens):
        hits[tag].append((category, tokens.original_span(span)))
    friends = [span for _, span in hits[_FRIEND]]
    terms = _longest_first([(category, span) for category, span in hits[_TERM] if not _covered(span, friends)])
    partner_spans = [span for _, span in hits[_PARTNER]]
    flagged = set(analysis.categories)
    findings: list[Finding] = []
    for finding in analysis.findings:
        if not finding.is_sensitive:
            findings.append(finding)
            continue
        inside = [span for category, span in terms if category == finding.type and _within(span, finding)]
        partners = [span for span in partner_spans if finding.type == "SEXUAL" and _within(span, finding)]
        if not inside and not partners:
            findings.append(finding)  # an implicit frame: the whole span is the statement
            continue
        findings += [_piece(finding, span, finding.reason) for span in inside]
        findings += [_piece(finding, span, PARTNER_REASON) for span in partners if not _covered(span, inside)]
        for span in _rest(text, finding, inside + partners):
            if _function_words_only(doc, span) or _business(doc, span):
                # « encore le [bougnoule] »: the determiner stays for the neutral noun; « livraison en
                # rez-de-chaussée [car en fauteuil] »: the need is no evidence
                continue
            own = inside and not _clause_of_its_own(doc, span, inside)
            findings.append(_piece(finding, span, finding.reason if own else ECHO_REASON))
    taken = [(f.start, f.end) for f in analysis.findings if f.is_sensitive]
    for category, span in terms:
        if category in flagged and not _covered(span, taken):
            findings.append(Finding(category, *span, text[span[0]:span[1]], 0.0, ECHO_REASON))
    findings += [
        Finding(category, *span, text[span[0]:span[1]], 0.0, ECHO_REASON)
        for category, span in hits[_ECHO] if category in flagged and not _covered(span, taken + friends)
    ]
    if "SEXUAL" in flagged:
        findings += [
            Finding("SEXUAL", *span, text[span[0]:span[1]], 0.0, PARTNER_REASON)
            for span in partner_spans if not _covered(span, taken)
        ]
    return Analysis(text, analysis.lang, tuple(findings))


def _function_words_only(doc: Doc, span: tuple[int, int]) -> bool:
    return all(t.pos_ in _FUNCTION_POS for t in doc if span[0] <= t.idx < span[1])


def _business(doc: Doc, span: tuple[int, int]) -> bool:
    return any(fold_plain(t.text) in BUSINESS_NOUNS for t in doc if span[0] <= t.idx < span[1])


def _clause_of_its_own(doc: Doc, span: tuple[int, int], triggers: list[tuple[int, int]]) -> bool:
    """Whether a piece of evidence holds a verb, or a mark or coordinator parts it from the nearest trigger."""
    words = [t for t in doc if span[0] <= t.idx < span[1]]
    if any(t.pos_ in {"VERB", "AUX"} for t in words):
        return True  # « bought the wrong adapter »
    nearest = min(triggers, key=lambda trigger: min(abs(trigger[0] - span[1]), abs(span[0] - trigger[1])))
    low, high = (nearest[1], span[0]) if nearest[1] <= span[0] else (span[1], nearest[0])
    between = [t for t in doc if low <= t.idx < high] + words
    return any(t.is_punct or t.pos_ in {"CCONJ", "SCONJ"} or fold_plain(t.text) in COORDINATORS for t in between)


def _longest_first(terms: list[tuple[str, tuple[int, int]]]) -> list[tuple[str, tuple[int, int]]]:
    """Each category's term matches without overlaps, the longest kept (« in rehab » over « rehab »)."""
    kept: list[tuple[str, tuple[int, int]]] = []
    for category, span in sorted(terms, key=lambda item: item[1][0] - item[1][1]):
        if not any(other == category and _overlap(span, taken) for other, taken in kept):
            kept.append((category, span))
    return sorted(kept, key=lambda item: item[1])


def _piece(finding: Finding, span: tuple[int, int], reason: str) -> Finding:
    start, end = max(span[0], finding.start), min(span[1], finding.end)
    return Finding(finding.type, start, end, finding.text[start - finding.start:end - finding.start], finding.score,
                   reason)


def _rest(text: str, finding: Finding, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The word runs of `finding` outside `taken` that hold a content word."""
    pieces, start = [], finding.start
    for low, high in [*sorted(taken), (finding.end, finding.end)]:
        if low > start:
            pieces.append((start, low))
        start = max(start, high)
    found = []
    for low, high in pieces:
        words = list(_WORD.finditer(text, low, high))
        if any(len(word.group()) >= MIN_ECHO_WORD for word in words):
            found.append((words[0].start(), words[-1].end()))
    return found


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _within(span: tuple[int, int], finding: Finding) -> bool:
    return _overlap(span, (finding.start, finding.end))


def _covered(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(_overlap(span, other) for other in spans)
