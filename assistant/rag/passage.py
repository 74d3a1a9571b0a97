"""Passages: what the store holds — a card, a chunk of a document ingested by the user, and the pieces of a
card that retrieval and answers work with: each question it answers and each of its sentences.

Only cards and document chunks are ranked and cited; a card's questions lead retrieval to it, and its
sentences, embedded once, let an answer keep only what addresses the question asked.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from assistant.rag.cards import Card

CARD = "card"
DOCUMENT = "document"
QUESTION = "question"  # a question a card answers (front matter)
SENTENCE = "sentence"  # one sentence of a card: a summary sentence or a key point
CARD_KINDS = (CARD, QUESTION, SENTENCE)  # what the card files produce, kept in step with them
# Bump when the way passages are cut or embedded changes: every stored passage is then re-embedded.
PASSAGE_FORMAT = "2"
# A sentence ends at . ! or ? followed by a capital (not one that starts a reference such as "L1110-4") or an
# opening quote; "art. 17", "Art. L34-5" and "n° 2019-341" stay whole.
_SENTENCE_END = re.compile(r"(?<![Aa]rt\.)(?<=[.!?])\s+(?=[«\"(]|[A-ZÀ-ÖØ-Þ](?![0-9]))")
_LIST_SEPARATOR = " | "


@dataclass(frozen=True, slots=True)
class Passage:
    """A retrievable, citable text with its origin."""

    id: str  # unique in the store
    doc_id: str  # the card id, or "doc:<file name>" for an ingested document
    kind: str  # CARD or DOCUMENT
    lang: str
    title: str
    source: str  # URL of the guidance, or "<file name>, p. <page>" for a document
    text: str  # what is embedded and shown
    digest: str  # identical digest = identical passage: no need to embed it again
    articles: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    page: int | None = None
    position: int = 0  # order of a question or a sentence within its card

    def views(self) -> tuple[str, ...]:
        """Texts whose embeddings are averaged into the passage's vector.

        For a card, the title with its keywords (what the card is about, close to how questions are asked)
        and the full text (what it says): their mean ranked the right card first more often on the dev
        questions than either alone.
        """
        if self.keywords:
            return (f"{self.title}: {', '.join(self.keywords)}", self.text)
        return (self.text,)

    def lexical_text(self) -> str:
        """What lexical matching sees: title, keywords, articles and text."""
        return " ".join((self.title, " ".join(self.keywords), " ".join(self.articles), self.text))

    def metadata(self) -> dict[str, str | int]:
        """Flat metadata for the vector store (scalars only)."""
        return {
            "doc_id": self.doc_id,
            "kind": self.kind,
            "lang": self.lang,
            "title": self.title,
            "source": self.source,
            "digest": self.digest,
            "articles": _LIST_SEPARATOR.join(self.articles),
            "keywords": _LIST_SEPARATOR.join(self.keywords),
            "page": -1 if self.page is None else self.page,
            "position": self.position,
        }

    @classmethod
    def from_stored(cls, passage_id: str, text: str, metadata: dict) -> Passage:
        """Rebuild a passage from what the store returned."""

        def split(key: str) -> tuple[str, ...]:
            value = str(metadata.get(key) or "")
            return tuple(value.split(_LIST_SEPARATOR)) if value else ()

        page = int(metadata.get("page", -1))
        return cls(
            id=passage_id,
            doc_id=str(metadata["doc_id"]),
            kind=str(metadata["kind"]),
            lang=str(metadata["lang"]),
            title=str(metadata["title"]),
            source=str(metadata["source"]),
            text=text,
            digest=str(metadata["digest"]),
            articles=split("articles"),
            keywords=split("keywords"),
            page=None if page < 0 else page,
            position=int(metadata.get("position", 0)),
        )


def digest_of(*parts: str) -> str:
    """A stable content hash, salted with the passage format."""
    hasher = hashlib.sha256(PASSAGE_FORMAT.encode())
    for part in parts:
        hasher.update(b"\x00" + part.encode("utf-8"))
    return hasher.hexdigest()


def split_sentences(text: str) -> list[str]:
    """The sentences of a paragraph, spaces normalised."""
    return [sentence.strip() for sentence in _SENTENCE_END.split(" ".join(text.split())) if sentence.strip()]


def card_sentences(card: Card) -> list[str]:
    """A card's sentences in reading order: those of its summary, then one per key point."""
    return [*split_sentences(card.summary), *card.bullets]


def card_passage(card: Card) -> Passage:
    """A card is short and covers one topic: it is stored whole, title first, as one passage."""
    return Passage(
        id=card.id,
        doc_id=card.id,
        kind=CARD,
        lang=card.lang,
        title=card.title,
        source=card.source,
        text="\n".join((card.title, card.summary, *(f"- {bullet}" for bullet in card.bullets))),
        digest=digest_of(card.digest),
        articles=card.articles,
        keywords=card.keywords,
    )


def _piece(card: Card, kind: str, text: str, position: int) -> Passage:
    """A question or a sentence of a card, identified by its text: editing a card re-embeds what changed."""
    digest = digest_of(kind, text, str(position))
    return Passage(
        id=f"{card.id}#{kind[0]}{digest_of(text)[:12]}",
        doc_id=card.id,
        kind=kind,
        lang=card.lang,
        title=card.title,
        source=card.source,
        text=text,
        digest=digest,
        articles=card.articles,
        position=position,
    )


def card_passages(card: Card) -> list[Passage]:
    """Everything the store keeps for a card: the card itself, its questions and its sentences."""
    questions = [_piece(card, QUESTION, text, index) for index, text in enumerate(dict.fromkeys(card.questions))]
    sentences = [_piece(card, SENTENCE, text, index) for index, text in enumerate(dict.fromkeys(card_sentences(card)))]
    return [card_passage(card), *questions, *sentences]
