"""The training card written next to an adapter: what it was trained from, how, and what it costs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_card(path: Path, facts: dict[str, Any]) -> Path:
    """Write the card as JSON (machine-readable; the Markdown card quotes it)."""
    path.write_text(json.dumps(facts, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
