"""The column names of an uploaded export, read with the audit's own encoding and delimiter rules."""

from __future__ import annotations

import csv
from pathlib import Path

from assistant.errors import InputError
from assistant.text import fold_plain

_SNIFF_CHARS = 64 * 1024


def header(path: Path) -> list[str]:
    """Non-empty column names of the first row (first sheet of a workbook), in file order."""
    from assistant.audit.fingerprint import fingerprint_file, is_workbook  # the audit package is heavy: load late
    from assistant.audit.readers import sniff_delimiter

    if is_workbook(path):
        names = _workbook_header(path)
    else:
        encoding = fingerprint_file(path).encoding or "utf-8"
        with path.open(encoding=encoding, errors="replace", newline="") as handle:
            sample = handle.read(_SNIFF_CHARS)
        first = next(csv.reader(sample.splitlines()[:1], delimiter=sniff_delimiter(sample)), [])
        names = [name.strip().lstrip("\ufeff") for name in first]
    names = [name for name in names if name]
    if not names:
        raise InputError(f"{path.name} has no header row: its first line must name the columns.")
    return names


def _workbook_header(path: Path) -> list[str]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many unrelated types for a damaged file
        raise InputError(f"{path.name} cannot be read as an Excel workbook ({type(error).__name__}).") from error
    try:
        first = next(workbook.worksheets[0].iter_rows(values_only=True, max_row=1), ())
    finally:
        workbook.close()
    return ["" if value is None else str(value).strip() for value in first]


_TEXT_HINTS = ("comment", "note", "remarque", "observation", "description", "texte", "text")
_ID_HINTS = ("id", "identifiant", "ref", "reference", "code client", "client_id", "customer_id")
_DATE_HINTS = ("date", "dernier contact", "last contact", "last_contact")


def guess_columns(names: list[str]) -> tuple[str | None, str | None, str | None]:
    """Likely comment, identifier and last-contact date columns, by name; the user can change each."""
    folded = [fold_plain(name).replace("_", " ") for name in names]

    def first(hints: tuple[str, ...], exact: bool) -> str | None:
        for name, key in zip(names, folded, strict=True):
            if any(key == hint.replace("_", " ") if exact else hint in key for hint in hints):
                return name
        return None

    return first(_TEXT_HINTS, False), first(_ID_HINTS, True), first(_DATE_HINTS, False)
