"""Passages: the unit stored, retrieved and cited — a card, or a chunk of a document ingested by the user."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from assistant.rag.cards import Card

CARD = "card"
DOCUMENT = "document"
# Bump when the way passages are cut or embedded changes: every stored passage is then re-embedded.
PASSAGE_FORMAT = "2"
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
        )


def digest_of(*parts: str) -> str:
    """A stable content hash, salted with the passage format."""
    hasher = hashlib.sha256(PASSAGE_FORMAT.encode())
    for part in parts:
        hasher.update(b"\x00" + part.encode("utf-8"))
    return hasher.hexdigest()


def card_passage(card: Card) -> Passage:
    """A card is short and answers one question: it is stored whole, title first, as one passage."""
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
