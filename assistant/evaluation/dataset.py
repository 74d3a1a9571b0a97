"""Dev-set loading (DESIGN schema), shared by every evaluation."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.errors import InputError


def load_jsonl(path: Path) -> list[dict]:
    """Every record of a JSON Lines dev set; a broken line is an error naming the line."""
    records = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise InputError(f"Cannot read the dev set {path}: {error.strerror}.") from error
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise InputError(f"{path}: line {number} is not valid JSON ({error.msg}).") from error
    return records


def gold_spans(record: dict) -> list[tuple[str, int, int]]:
    """(type, start, end) of each gold PII text, located in the comment (every occurrence)."""
    spans = []
    text = record["text"]
    for item in record.get("pii", []):
        start = text.find(item["text"])
        while start >= 0:
            spans.append((item["type"], start, start + len(item["text"])))
            start = text.find(item["text"], start + 1)
    return spans
