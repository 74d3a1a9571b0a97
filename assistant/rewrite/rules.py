"""The deterministic rewrite: cut each sensitive clause, replace identifiers, repeat until nothing flags.

The output never flags: after each pass the detector runs again; what still flags is cut word by word,
then its sentence is dropped (its facts kept as a reference list), and at last the comment is replaced
by a neutral notice. Facts outside the sensitive spans are never cut.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language

from assistant.config import Settings, get_settings
from assistant.detect import detect, get_detector
from assistant.detect.finding import Analysis, Finding
from assistant.detect.policy import FLAGGING_PII
from assistant.rewrite.clauses import Cut, plan_cut
from assistant.rewrite.facts import extract_facts, has_fact
from assistant.rewrite.identifiers import plan_identifier
from assistant.rewrite.tidy import tidy

PASSES = 3
NOTICE = {"fr": "Commentaire retiré : contenu non conforme.", "en": "Comment removed: non-compliant content."}
FACTS_LABEL = {"fr": "Réf. : ", "en": "Ref.: "}
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")
_SENTENCE_END = re.compile(r"(?:^|[.!?\n])[\s\-—–>]*$")


@lru_cache(maxsize=4)
def _pipelines(settings: Settings) -> dict[str, Language]:
    """The spaCy pipelines the detector already loaded (parser included), per language."""
    return get_detector(settings).analyzer.nlp_engine.nlp


def rules_rewrite(analysis: Analysis, *, settings: Settings | None = None) -> str:
    """A compliant version of the analysed comment, keeping its facts; clean comments come back as they are."""
    settings = settings or get_settings()
    if not analysis.flag:
        return analysis.text
    lang = analysis.lang
    facts = extract_facts(analysis)
    text, current = analysis.text, analysis
    for attempt in range(PASSES):
        text = _apply(text, current, facts, lang, settings, careful=attempt == 0)
        current = detect(text, lang, deep=False, settings=settings) if text.strip() else None
        if current is None or not current.flag:
            break
    if current is not None and current.flag:
        text = _drop_sentences(text, current)
    if not text.strip() or detect(text, lang, deep=False, settings=settings).flag:
        text = NOTICE.get(lang, NOTICE["fr"])
    return _restore_facts(text, facts, lang, settings)


def _flagging(findings: tuple[Finding, ...]) -> list[Finding]:
    return [f for f in findings if f.is_sensitive or f.type in FLAGGING_PII]


def _apply(text: str, analysis: Analysis, facts: list[str], lang: str, settings: Settings, *, careful: bool) -> str:
    """One pass: a cut per flagging finding (parse-guided when `careful`, else the bare span), then tidy."""
    findings = _flagging(analysis.findings)
    protected = _fact_spans(text, facts)
    doc = _pipelines(settings)[lang](text) if careful and any(f.is_sensitive for f in findings) else None
    cuts: list[Cut] = []
    for finding in findings:
        if finding.type in FLAGGING_PII:
            cuts.append(plan_identifier(text, finding, lang))
        elif doc is not None:
            cuts.append(plan_cut(doc, finding.start, finding.end, protected, lang, finding.type))
        else:
            cuts.append(Cut(finding.start, finding.end))
    return tidy(_splice(text, cuts))


def _splice(text: str, cuts: list[Cut]) -> str:
    """Apply cuts right to left; overlapping cuts merge into the wider one."""
    merged: list[Cut] = []
    for cut in sorted(cuts, key=lambda c: (c.start, -c.end)):
        if merged and cut.start < merged[-1].end:
            last = merged[-1]
            if cut.end > last.end:
                merged[-1] = Cut(last.start, cut.end, last.replacement or cut.replacement, last.how)
            continue
        merged.append(cut)
    for cut in reversed(merged):
        before, after = text[:cut.start], text[cut.end:]
        replacement = cut.replacement
        if replacement and _SENTENCE_END.search(before):
            replacement = replacement[0].upper() + replacement[1:]  # our own words may take the capital
        if replacement and before and not before[-1].isspace():
            replacement = " " + replacement
        if replacement and after and after[0].isalnum():
            replacement += " "
        text = before + replacement + after
    return text


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
