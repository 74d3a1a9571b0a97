"""JSON Lines in and out for the batch CLI: one output line per input line, same order, nothing lost."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from assistant.errors import AssistantError, InputError
from assistant.text import decode_bytes


def read_records(path: Path) -> Iterator[tuple[int, dict | None, str | None]]:
    """(line number, record, error) for every non-blank line; a bad line yields an error, not a crash."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(f"Cannot read {path}: {error.strerror}.") from error
    for number, line in enumerate(decode_bytes(raw, what=str(path)).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            yield number, None, f"line {number} is not valid JSON"
            continue
        if not isinstance(record, dict):
            yield number, None, f"line {number} is not a JSON object"
            continue
        yield number, record, None


def process_records(
    path: Path, out: IO[str], handle: Callable[[dict], dict], text_key: str
) -> tuple[int, int]:
    """Apply `handle` to each record and write one JSON line per input; return (done, failed)."""
    done = failed = 0
    for number, record, error in read_records(path):
        record_id = record.get("id", number) if record else number
        if record is not None and not isinstance(record.get(text_key), str):
            error = f"line {number} has no {text_key!r} text"
        if error is None:
            try:
                result = {"id": record_id, **handle(record)}
            except AssistantError as failure:
                error = str(failure)
        if error is not None:
            result = {"id": record_id, "error": error}
            failed += 1
        else:
            done += 1
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()
    return done, failed
