"""Extractive answers: the facts come verbatim from the retrieved passages, never from a model.

For the best card: its summary (which answers directly) plus the key points that share the most words with
the question; the next passage, when nearly as relevant, is pointed to with its own summary. For an ingested
document: its sentences that share the most words with the question. Code, not a model, writes the sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.rag.lexical import terms
from assistant.rag.passage import CARD, Passage

MAX_POINTS = 3  # key points added under the summary
MAX_DOCUMENT_SENTENCES = 3
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ«\"(])")

_LABELS = {
    "fr": {
        "points": "Points clés :",
        "source": "Source",
        "sources": "Sources",
        "other_lang": "(Fiche disponible en anglais uniquement.)",
        "document": "D'après vos documents",
        "see_also": "À voir aussi",
    },
    "en": {
        "points": "Key points:",
        "source": "Source",
        "sources": "Sources",
        "other_lang": "(This guidance card is only available in French.)",
        "document": "According to your documents",
        "see_also": "See also",
    },
}
# Article references as written in the cards, in the reader's language.
_ARTICLE_NAMES = {
    "en": (
        ("RGPD art.", "GDPR Art."),
        ("RGPD considérant", "GDPR Recital"),
        ("Code pénal art.", "French Criminal Code Art."),
        ("Loi Informatique et Libertés art.", "French Data Protection Act Art."),
        ("Code de la consommation art.", "French Consumer Code Art."),
        ("Code de commerce art.", "French Commercial Code Art."),
        ("Code civil art.", "French Civil Code Art."),
    ),
    "fr": (("GDPR Art.", "RGPD art."),),
}


@dataclass(frozen=True, slots=True)
class Draft:
    """An answer text and the passages it was built from (the only ones it may cite)."""

    text: str
    used: tuple[Passage, ...]


def article_label(article: str, lang: str) -> str:
    """'RGPD art. 15' for a French reader, 'GDPR Art. 15' for an English one."""
    for before, after in _ARTICLE_NAMES.get(lang, ()):
        if article.startswith(before):
            return after + article[len(before):]
    return article


def _overlap(question_terms: set[str], text: str) -> int:
    return len(question_terms & set(terms(text)))


def card_parts(passage: Passage) -> tuple[str, list[str]]:
    """Summary and key points of a card passage (title line, summary line, '- ' lines)."""
    lines = passage.text.splitlines()
    summary = lines[1] if len(lines) > 1 else ""
    points = [line[2:] for line in lines[2:] if line.startswith("- ")]
    return summary, points


def relevant(items: list[str], question: str, limit: int) -> list[str]:
    """Up to `limit` items sharing words with the question, the most overlapping ones, in their own order."""
    question_terms = set(terms(question))
    overlaps = [(_overlap(question_terms, item), index) for index, item in enumerate(items)]
    best = sorted((pair for pair in overlaps if pair[0] > 0), key=lambda pair: (-pair[0], pair[1]))[:limit]
    return [items[index] for _, index in sorted(best, key=lambda pair: pair[1])]


def citation(passage: Passage, lang: str) -> str:
    """'Title (RGPD art. 15, …)' for a card, 'file.pdf, p. 3' for a document."""
    if passage.kind != CARD:
        return passage.source
    articles = ", ".join(article_label(article, lang) for article in passage.articles)
    return f"{passage.title} ({articles})" if articles else passage.title


def _card_block(passage: Passage, question: str, lang: str) -> list[str]:
    summary, all_points = card_parts(passage)
    block = [summary]
    chosen = relevant(all_points, question, MAX_POINTS)
    if chosen:
        block += ["", _LABELS[lang]["points"], *(f"- {point}" for point in chosen)]
    return block


def _document_text(passage: Passage, question: str) -> str:
    sentences = [s.strip() for s in _SENTENCE_END.split(" ".join(passage.text.split())) if s.strip()]
    chosen = relevant(sentences, question, MAX_DOCUMENT_SENTENCES) or sentences[:MAX_DOCUMENT_SENTENCES]
    return " ".join(chosen)


def _separator(lang: str) -> str:
    return " : " if lang == "fr" else ": "  # French typography puts a space before the colon


def _list_separator(lang: str) -> str:
    return " ; " if lang == "fr" else "; "


def compose(question: str, lang: str, passages: list[Passage]) -> Draft:
    """An extractive answer from the passages, best first: the first answers, the others are pointed to."""
    if not passages:
        return Draft("", ())
    labels, separator = _LABELS[lang], _separator(lang)
    first, *others = passages
    if first.kind == CARD:
        lines = _card_block(first, question, lang)
    else:
        lines = [f"{labels['document']} ({first.source}){separator}{_document_text(first, question)}"]
    for passage in others:
        text = card_parts(passage)[0] if passage.kind == CARD else _document_text(passage, question)
        lines += ["", f"{labels['see_also']} — {passage.title}{separator}{text}"]
    if any(passage.lang != lang and passage.kind == CARD for passage in passages):
        lines += ["", labels["other_lang"]]
    label = labels["source" if len(passages) == 1 else "sources"]
    lines += ["", f"{label}{separator}" + _list_separator(lang).join(citation(p, lang) for p in passages) + "."]
    return Draft("\n".join(lines), tuple(passages))
