"""An answer as statements, each tied to the passage it comes from, and its rendering with numbered citations.

    Le client peut obtenir l'effacement de ses données … (RGPD art. 17(1)). [1] Délai : un mois … [1]

    Sources : [1] Droit à l'effacement (RGPD art. 17, RGPD art. 19) ; [2] …

Composed and generated answers share this form: code numbers the sources and writes the sources line, and a
statement can only point to a passage of the draft, which the answer checks was retrieved.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.rag.passage import CARD, Passage

_LABELS = {
    "fr": {"source": "Source", "sources": "Sources", "other_lang": "(Fiche disponible en anglais uniquement.)"},
    "en": {"source": "Source", "sources": "Sources", "other_lang": "(This guidance card is only available in French.)"},
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
        ("Code du travail art.", "French Labour Code Art."),
        ("Code de la santé publique art.", "French Public Health Code Art."),
    ),
    "fr": (("GDPR Art.", "RGPD art."),),
}
_SENTENCE_CLOSERS = (".", "!", "?", "…", "»", '"', ")")


@dataclass(frozen=True, slots=True)
class Statement:
    """One sentence of an answer and the draft passage it comes from (an index into Draft.used)."""

    text: str
    source: int


@dataclass(frozen=True, slots=True)
class Draft:
    """An answer before it is checked: statements, the passages they cite, the card question answered."""

    lang: str
    statements: tuple[Statement, ...] = ()
    used: tuple[Passage, ...] = ()
    matched_question: str | None = None

    @property
    def body(self) -> str:
        """The statements with their citation numbers, one paragraph per run of statements from one source."""
        paragraphs: list[list[str]] = []
        previous = None
        for statement in self.statements:
            if statement.source != previous:
                paragraphs.append([])
                previous = statement.source
            paragraphs[-1].append(f"{finished(statement.text)} [{statement.source + 1}]")
        lines = [" ".join(paragraph) for paragraph in paragraphs]
        if any(passage.lang != self.lang and passage.kind == CARD for passage in self.used):
            lines.append(_LABELS[self.lang]["other_lang"])
        return "\n\n".join(lines)

    @property
    def sources_line(self) -> str:
        """'Sources : [1] Title (RGPD art. 17) ; [2] …' in the reader's language."""
        labels = _LABELS[self.lang]
        label = labels["source" if len(self.used) == 1 else "sources"]
        separator, list_separator = (" : ", " ; ") if self.lang == "fr" else (": ", "; ")
        cited = list_separator.join(f"[{n}] {citation(p, self.lang)}" for n, p in enumerate(self.used, start=1))
        return f"{label}{separator}{cited}."

    @property
    def text(self) -> str:
        """The full answer: body, then the sources line."""
        return f"{self.body}\n\n{self.sources_line}" if self.statements else ""


def finished(sentence: str) -> str:
    """The sentence with a final full stop when it has no closing punctuation (key points often lack one)."""
    sentence = sentence.strip()
    return sentence if sentence.endswith(_SENTENCE_CLOSERS) else sentence + "."


def article_label(article: str, lang: str) -> str:
    """'RGPD art. 15' for a French reader, 'GDPR Art. 15' for an English one."""
    for before, after in _ARTICLE_NAMES.get(lang, ()):
        if article.startswith(before):
            return after + article[len(before):]
    return article


def citation(passage: Passage, lang: str) -> str:
    """'Title (RGPD art. 15, …)' for a card, 'file.pdf, p. 3' for a document."""
    if passage.kind != CARD:
        return passage.source
    articles = ", ".join(article_label(article, lang) for article in passage.articles)
    return f"{passage.title} ({articles})" if articles else passage.title
