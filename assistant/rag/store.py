"""The persistent knowledge store: a Chroma collection under data_dir, kept in step with the cards incrementally.

Each stored passage carries a stamp (embedder + content hash): on start-up only new or changed cards, card
questions and card sentences are embedded again, removed ones are deleted, and documents added with
`assistant ingest` are left alone. The store persists passages and vectors; the retriever reads them all once
and ranks in memory (exact cosine over a few thousand vectors: under a millisecond, where a Chroma query for
the 200 nearest took 10 to 40 ms on this machine).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.errors import StoreError
from assistant.rag.cards import Card, load_cards
from assistant.rag.embeddings import UsemEmbeddings
from assistant.rag.passage import CARD_KINDS, Passage, card_passages

COLLECTION = "knowledge"
STORE_FOLDER = "knowledge-store"
_WRITE_BATCH = 256


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What a synchronisation changed, in passages."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0


def _client(directory: Path):
    """A Chroma client on disk, telemetry off (no outbound connection)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    try:
        directory.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(directory), settings=ChromaSettings(anonymized_telemetry=False))
    except Exception as error:  # chromadb raises many types for a bad or locked folder
        raise StoreError(
            f"The knowledge store in {directory} cannot be opened ({error}); delete that folder to rebuild it."
        ) from error


class KnowledgeStore:
    """Passages and their embeddings on disk."""

    def __init__(self, directory: Path, embeddings: Embeddings, *, embedder_name: str) -> None:
        from langchain_chroma import Chroma

        self.directory = directory
        self._embeddings = embeddings
        self._embedder_name = embedder_name
        self._lock = threading.Lock()
        self.revision = 0  # bumped on every write, so readers know to reload
        client = _client(directory)
        # Writes go through Chroma's own collection, with vectors computed here (one per passage, from its
        # views); reads go through the LangChain vector store over the same collection.
        self._collection = client.get_or_create_collection(
            COLLECTION, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
        )
        self._vectors = Chroma(collection_name=COLLECTION, embedding_function=embeddings, client=client)

    def _stamp(self, passage: Passage) -> str:
        return f"{self._embedder_name}:{passage.digest}"

    def _stored_stamps(self, where: dict) -> dict[str, str]:
        found = self._vectors.get(where=where, include=["metadatas"])
        return {pid: str(meta.get("stamp", "")) for pid, meta in zip(found["ids"], found["metadatas"], strict=True)}

    def _replace(self, where: dict, passages: Iterable[Passage]) -> SyncReport:
        """Make the passages matching `where` exactly `passages`, embedding only what changed."""
        wanted = {passage.id: passage for passage in passages}
        with self._lock:
            stored = self._stored_stamps(where)
            stale = [pid for pid in stored if pid not in wanted]
            changed = [p for pid, p in wanted.items() if pid in stored and stored[pid] != self._stamp(p)]
            new = [p for pid, p in wanted.items() if pid not in stored]
            if stale or changed:
                self._vectors.delete(ids=[*stale, *(p.id for p in changed)])
            self._add([*changed, *new])
            if stale or changed or new:
                self.revision += 1
        return SyncReport(
            added=len(new), updated=len(changed), removed=len(stale), unchanged=len(wanted) - len(new) - len(changed)
        )

    def _vectors_of(self, passages: list[Passage]) -> list[list[float]]:
        """One unit vector per passage: the normalised mean of its views' embeddings."""
        views = [passage.views() for passage in passages]
        flat = self._embeddings.embed_documents([text for texts in views for text in texts])
        vectors, start = [], 0
        for texts in views:
            mean = np.mean(np.asarray(flat[start:start + len(texts)], dtype=float), axis=0)
            vectors.append((mean / (np.linalg.norm(mean) or 1.0)).tolist())
            start += len(texts)
        return vectors

    def _add(self, passages: list[Passage]) -> None:
        for start in range(0, len(passages), _WRITE_BATCH):
            batch = passages[start:start + _WRITE_BATCH]
            self._collection.add(
                ids=[p.id for p in batch],
                embeddings=self._vectors_of(batch),
                documents=[p.text for p in batch],
                metadatas=[{**p.metadata(), "stamp": self._stamp(p)} for p in batch],
            )

    def sync_cards(self, cards: Iterable[Card]) -> SyncReport:
        """Bring the stored cards, their questions and their sentences in line with the card files."""
        return self._replace({"kind": {"$in": list(CARD_KINDS)}}, (p for card in cards for p in card_passages(card)))

    def replace_document(self, doc_id: str, passages: list[Passage]) -> SyncReport:
        """Store the passages of one ingested document in place of its previous version."""
        return self._replace({"doc_id": doc_id}, passages)

    def passages(self) -> list[Passage]:
        """Every stored passage (cards, their questions and sentences, documents)."""
        return [passage for passage, _ in self.passages_with_vectors()]

    def passages_with_vectors(self) -> list[tuple[Passage, np.ndarray]]:
        """Every stored passage with its unit vector, read in one pass."""
        found = self._vectors.get(include=["documents", "metadatas", "embeddings"])
        rows = zip(found["ids"], found["documents"], found["metadatas"], found["embeddings"], strict=True)
        return [(Passage.from_stored(pid, text, meta), np.asarray(vector, dtype=np.float32))
                for pid, text, meta, vector in rows]

    def count(self, kind: str | None = None) -> int:
        """How many passages of this kind (all kinds when None) are stored."""
        return len(self._vectors.get(where={"kind": kind} if kind else None, include=[])["ids"])

    def embed_query(self, text: str) -> list[float]:
        return self._embeddings.embed_query(text)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._embeddings.embed_documents(texts)


def store_directory(settings: Settings) -> Path:
    return settings.data_dir / STORE_FOLDER


def open_store(settings: Settings, embeddings: Embeddings | None = None) -> KnowledgeStore:
    """The store of these settings with its cards synchronised (built on first use).

    With the default embedder it is opened once per process; tests pass their own embedder.
    """
    if embeddings is not None:
        return _synced(KnowledgeStore(store_directory(settings), embeddings, embedder_name=_name(embeddings)), settings)
    return _default_store(settings)


@lru_cache(maxsize=4)
def _default_store(settings: Settings) -> KnowledgeStore:
    embeddings = UsemEmbeddings(threads=settings.llm_threads)
    return _synced(KnowledgeStore(store_directory(settings), embeddings, embedder_name=_name(embeddings)), settings)


def _name(embeddings: Embeddings) -> str:
    return str(getattr(embeddings, "model_name", type(embeddings).__name__))


def _synced(store: KnowledgeStore, settings: Settings) -> KnowledgeStore:
    store.sync_cards(load_cards(settings.knowledge_dir / "cards"))
    return store
