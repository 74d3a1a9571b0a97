"""Where the rewrite corpus and the trained adapters live (no training dependency: the comparison and tests use it)."""

from __future__ import annotations

from pathlib import Path

from assistant.config import PROJECT_ROOT

CORPUS = Path(__file__).resolve().parent / "corpus.jsonl"
ADAPTERS = PROJECT_ROOT / "adapters"
TASK = "rewrite"


def adapter_path(base: str) -> Path:
    """The committed GGUF LoRA adapter of one base (smollm2, gemma3)."""
    return ADAPTERS / f"{TASK}-{base}.gguf"
