"""The deterministic rewrite: remove each sensitive statement, replace identifiers, repeat until nothing flags.

The first pass removes whole statements (statements.py); the output never flags: after each pass the
detector runs again; what still flags is cut word by word, then its sentence is dropped (its facts kept
as a reference list), and at last the comment is replaced by a neutral notice. Facts outside the
sensitive spans are never cut.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from assistant.config import Settings, get_settings
from assistant.detect import detect, get_detector
from assistant.detect.finding import Analysis, Finding
from assistant.detect.policy import FLAGGING_PII
from assistant.rewrite.capitals import capitalise_openings
from assistant.rewrite.cuts import Cut, splice
from assistant.rewrite.echoes import with_echoes
from assistant.rewrite.facts import extract_facts, has_fact
from assistant.rewrite.identifiers import plan_identifier
from assistant.rewrite.needs import need_spans, neutral_needs
from assistant.rewrite.statements import Statements, remove_statements
from assistant.rewrite.tidy import tidy
from assistant.rewrite.units import sentence_bounds
from assistant.rewrite.wellformed import form_problems

PASSES = 3  # statements, statements again on what still flags, then the bare spans
NOTICE = {"fr": "Commentaire retiré : contenu non conforme.", "en": "Comment removed: non-compliant content."}
FACTS_LABEL = {"fr": "Réf. : ", "en": "Ref.: "}
# Two or more words in capitals in a row: shouting, not an acronym.
_SHOUTING = re.compile(r"\b[A-ZÀ-ÖØ-Þ]{2,}(?:[\s,'’-]+[A-ZÀ-ÖØ-Þ]{2,}\b)+")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")


@lru_cache(maxsize=4)
def _pipelines(settings: Settings) -> dict[str, Language]:
    """The spaCy pipelines the detector already loaded (parser included), per language."""
    return get_detector(settings).analyzer.nlp_engine.nlp


def parse(text: str, lang: str, settings: Settings) -> Doc:
    """The dependency parse of a comment; words written in capitals are parsed in lower case.

    spaCy reads « ORIENTAL LOOKING MAN CAME TO PICK UP PARCEL » as a row of proper nouns; the parse of the
    lowered words is carried over to the original ones, so every offset and every word stays the comment's.
    A lone acronym (« CGT », « RIB ») keeps its capitals.
    """
    nlp = _pipelines(settings)[lang]
    lowered_text = _SHOUTING.sub(lambda match: match.group().lower(), text)
    if lowered_text == text or len(lowered_text) != len(text):
        return nlp(text)
    lowered = nlp(lowered_text)
    return Doc(
        nlp.vocab,
        words=[text[t.idx:t.idx + len(t)] for t in lowered],
        spaces=[bool(t.whitespace_) for t in lowered],
        pos=[t.pos_ for t in lowered],
        tags=[t.tag_ for t in lowered],
        morphs=[str(t.morph) for t in lowered],
        lemmas=[t.lemma_ for t in lowered],
        heads=[t.head.i for t in lowered],
        deps=[t.dep_ for t in lowered],
    )


@lru_cache(maxsize=64)
def sensitive_statements(analysis: Analysis, settings: Settings) -> Statements:
    """The analysed comment without its sensitive statements (cached: verify asks again for each candidate).

    The findings are the detector's evidence spans and their echoes (echoes.py): wording of a flagged category
    that does not flag on its own; a partner phrase becomes neutral instead of going.
    """
    text = analysis.text
    doc = parse(text, analysis.lang, settings)
    evidence = with_echoes(analysis, settings, doc)
    kept = _fact_spans(text, extract_facts(analysis)) + need_spans(text, analysis.lang, analysis.categories)
    return remove_statements(doc, evidence, kept, analysis.lang)


def rules_rewrite(analysis: Analysis, *, settings: Settings | None = None) -> str:
    """A compliant version of the analysed comment, keeping its facts; clean comments come back as they are."""
    settings = settings or get_settings()
    if not analysis.flag:
        return analysis.text
    lang = analysis.lang
    statements = sensitive_statements(analysis, settings)
    facts = [fact for fact in extract_facts(analysis) if fact not in statements.released]
    text, current = analysis.text, analysis
    for attempt in range(PASSES):
        if attempt == 0:
            text = tidy(statements.text)
        elif attempt < PASSES - 1:
            # our own subject can make a contextual term flag (« La cliente sent mauvais »): statements again
            text = tidy(remove_statements(parse(text, lang, settings), current, _fact_spans(text, facts), lang).text)
        else:
            text = _apply(text, current, lang)
        text = neutral_needs(text, lang, analysis.categories)
        current = detect(text, lang, deep=False, settings=settings) if text.strip() else None
        if current is None or not current.flag:
            break
    if current is not None and current.flag:
        text = _drop_sentences(text, current)
    if form_problems(text, lang):
        text = _drop_malformed(text, lang)
    if not text.strip() or detect(text, lang, deep=False, settings=settings).flag:
        text = NOTICE.get(lang, NOTICE["fr"])
    text = capitalise_openings(analysis.text, text, facts)
    return _restore_facts(text, facts, lang, settings)


def _drop_malformed(text: str, lang: str) -> str:
    """Last resort for the form: drop every sentence that does not read (its facts come back as a list)."""
    kept = [
        text[start:stop] for start, _, stop in sentence_bounds(text)
        if not form_problems(text[start:stop], lang)
    ]
    return tidy(" ".join(part.strip() for part in kept))


def _flagging(findings: tuple[Finding, ...]) -> list[Finding]:
    return [f for f in findings if f.is_sensitive or f.type in FLAGGING_PII]


def _apply(text: str, analysis: Analysis, lang: str) -> str:
    """A later pass on what still flags: the bare span of each flagging finding goes, then tidy."""
    cuts = [
        plan_identifier(text, finding, lang) if finding.type in FLAGGING_PII else Cut(finding.start, finding.end)
        for finding in _flagging(analysis.findings)
    ]
    return tidy(splice(text, cuts))


def _fact_spans(text: str, facts: list[str]) -> list[tuple[int, int]]:
    spans = []
    for fact in facts:
        spans += [(m.start(), m.end()) for m in re.finditer(rf"(?<!\w){re.escape(fact)}(?!\w)", text)]
    return spans


def _drop_sentences(text: str, analysis: Analysis) -> str:
    """Last resort: drop every sentence that still holds a flagging finding."""
    spans = [(f.start, f.end) for f in _flagging(analysis.findings)]
    kept = [
        match.group() for match in _SENTENCE.finditer(text)
        if not any(match.start() < end and start < match.end() for start, end in spans)
    ]
    return tidy(" ".join(part.strip() for part in kept))


def _restore_facts(text: str, facts: list[str], lang: str, settings: Settings) -> str:
    """Append facts a last-resort drop lost, as a plain reference list, if that list itself does not flag."""
    missing = [fact for fact in facts if not has_fact(text, fact)]
    if not missing:
        return text
    ending = "" if text.rstrip().endswith((".", "!", "?")) else "."
    candidate = f"{text.rstrip()}{ending} {FACTS_LABEL.get(lang, FACTS_LABEL['fr'])}{', '.join(missing)}."
    return text if detect(candidate, lang, deep=False, settings=settings).flag else candidate
