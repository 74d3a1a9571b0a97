"""Stream a CRM export (CSV or XLSX) into partitions of records, never holding the whole file.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first record row 2
(a CSV record spanning several lines by quoting still counts as one row). A row that cannot be
audited (wrong field count, undecodable bytes, missing identifier, text too long, broken quoting)
becomes a `Malformed` record in its partition instead of stopping the audit.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Protocol

from assistant.audit.fingerprint import fingerprint_file, is_workbook
from assistant.errors import InputError

DELIMITERS = (";", ",")
_SNIFF_CHARS = 64 * 1024
_SNIFF_LINES = 50
_UNDECODABLE = re.compile("[\udc80-\udcff]")  # bytes kept by the surrogateescape error handler
_IDENTIFIER = re.compile(r"[\w.\-/#:]{1,64}")
_FIELD_LIMIT_FACTOR = 4  # a field may be this many times the text limit before the CSV parser gives up

DateValue = str | date | datetime | float | int | None


@dataclass(frozen=True, slots=True, repr=False)
class Record:
    """One auditable row: its spreadsheet row number, identifier, comment text and raw date."""

    row: int
    id: str
    text: str
    date: DateValue = None

    def __repr__(self) -> str:
        # Tracebacks and Dask's "Compute Failed" log show task arguments: never the comment itself.
        return f"Record(row={self.row}, id={self.id!r}, text=<{len(self.text)} chars>)"


@dataclass(frozen=True, slots=True)
class Malformed:
    """A row that could not be audited, with a reason code and a short detail (never its content)."""

    row: int
    id: str
    reason: str
    detail: str = ""


@dataclass(slots=True, repr=False)
class Partition:
    """A fixed-size slice of the export: partition i always holds the same rows, so a resume can skip it."""

    index: int
    records: list[Record] = field(default_factory=list)
    malformed: list[Malformed] = field(default_factory=list)
    weight: int = 0  # progress units: bytes of CSV or rows of XLSX

    def __len__(self) -> int:
        return len(self.records) + len(self.malformed)

    def __repr__(self) -> str:
        return f"Partition(index={self.index}, records={len(self.records)}, malformed={len(self.malformed)})"


@dataclass(frozen=True, slots=True)
class Columns:
    """Positions of the columns the audit reads, found by name in the header."""

    text: int
    id: int | None
    date: int | None
    width: int

    @classmethod
    def find(cls, header: Sequence[str], text: str, id_column: str | None, date_column: str | None,
             source: str) -> Columns:
        names = [name.strip().lstrip("\ufeff") for name in header]
        return cls(
            text=_position(names, text, source),
            id=None if id_column is None else _position(names, id_column, source),
            date=None if date_column is None else _position(names, date_column, source),
            width=len(names),
        )


def _position(names: list[str], wanted: str, source: str) -> int:
    """Index of a column, by exact name first, then ignoring case and surrounding spaces."""
    if wanted in names:
        return names.index(wanted)
    folded = [name.casefold() for name in names]
    if wanted.strip().casefold() in folded:
        return folded.index(wanted.strip().casefold())
    available = ", ".join(repr(name) for name in names if name) or "none"
    raise InputError(f"Column {wanted!r} is not in {source}; available columns: {available}.")


class ExportReader(Protocol):
    """What the runner needs from a reader."""

    total_weight: int | None
    format: str

    def partitions(self) -> Iterator[Partition]: ...


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """Which columns to read and how records are grouped and checked."""

    column: str
    id_column: str | None = None
    date_column: str | None = None
    chunk_rows: int = 5_000
    max_chars: int = 10_000


@contextmanager
def open_export(path: Path, options: ReadOptions, encoding: str | None = None) -> Iterator[ExportReader]:
    """Open a CSV or XLSX export for streaming; the header is checked before anything is read."""
    if options.chunk_rows < 1:
        raise InputError("ASSISTANT_AUDIT_CHUNK_ROWS must be at least 1.")
    if is_workbook(path):
        reader: CsvReader | XlsxReader = XlsxReader(path, options)
    else:
        reader = CsvReader(path, options, encoding or fingerprint_file(path).encoding or "utf-8")
    try:
        yield reader
    finally:
        reader.close()


class _Chunker:
    """Groups rows into partitions of exactly chunk_rows rows (the last one may be shorter)."""

    def __init__(self, chunk_rows: int) -> None:
        self.chunk_rows = chunk_rows
        self.current = Partition(0)

    def add(self, item: Record | Malformed) -> Partition | None:
        if isinstance(item, Record):
            self.current.records.append(item)
        else:
            self.current.malformed.append(item)
        if len(self.current) < self.chunk_rows:
            return None
        full, self.current = self.current, Partition(self.current.index + 1)
        return full


class CsvReader:
    """A delimited text export, decoded with the encoding chosen from the whole file."""

    format = "csv"

    def __init__(self, path: Path, options: ReadOptions, encoding: str) -> None:
        self.path = path
        self.options = options
        self.encoding = encoding
        self.total_weight: int | None = path.stat().st_size
        self._binary = path.open("rb", buffering=1 << 20)
        self._text: IO[str] = io.TextIOWrapper(self._binary, encoding=encoding, errors="surrogateescape", newline="")
        try:
            self._read_header()
        except BaseException:
            self.close()
            raise

    def _read_header(self) -> None:
        self.delimiter = sniff_delimiter(self._text.read(_SNIFF_CHARS))
        self._text.seek(0)
        csv.field_size_limit(max(csv.field_size_limit(), self.options.max_chars * _FIELD_LIMIT_FACTOR))
        self._rows = csv.reader(self._text, delimiter=self.delimiter)
        try:
            header = next(self._rows, None)
        except csv.Error as error:
            raise InputError(f"The header row of {self.path.name} cannot be read as CSV ({error}).") from error
        if not header:
            raise InputError(f"{self.path.name} is empty: it has no header row.")
        self.header = [name.strip().lstrip("\ufeff") for name in header]
        options = self.options
        self.columns = Columns.find(header, options.column, options.id_column, options.date_column, self.path.name)

    def close(self) -> None:
        self._text.close()

    def partitions(self) -> Iterator[Partition]:
        chunker = _Chunker(self.options.chunk_rows)
        position = self._binary.tell()
        emitted = 0
        row = 1
        while True:
            try:
                fields = next(self._rows)
            except StopIteration:
                break
            except csv.Error as error:
                row += 1
                item: Record | Malformed = Malformed(row, "", "csv_error", str(error)[:120])
            else:
                if not fields:
                    continue  # a blank line is not a record
                row += 1
                item = self._record(row, fields)
            full = chunker.add(item)
            if full is not None:
                full.weight, position = self._binary.tell() - position, self._binary.tell()
                emitted += full.weight
                yield full
        if len(chunker.current):
            # The reader buffers ahead, so the last partition takes whatever weight is left.
            chunker.current.weight = max(0, (self.total_weight or 0) - emitted)
            yield chunker.current

    def _record(self, row: int, fields: list[str]) -> Record | Malformed:
        columns = self.columns
        if len(fields) != columns.width and not (
            len(fields) > columns.width and not any(value.strip() for value in fields[columns.width:])
        ):
            identifier = _safe_id(fields[columns.id]) if columns.id is not None and columns.id < len(fields) else ""
            return Malformed(row, identifier, "field_count", f"{len(fields)} fields, header has {columns.width}")
        used = [fields[columns.text]]
        if columns.id is not None:
            used.append(fields[columns.id])
        if columns.date is not None:
            used.append(fields[columns.date])
        if any(_UNDECODABLE.search(value) for value in used):
            identifier = "" if columns.id is None else _safe_id(fields[columns.id])
            return Malformed(row, identifier, "undecodable", f"bytes invalid in {self.encoding}")
        date_value = fields[columns.date] if columns.date is not None else None
        return _checked(row, fields[columns.text], fields[columns.id] if columns.id is not None else None,
                        date_value, self.options.max_chars)


class XlsxReader:
    """The first worksheet of a workbook, streamed with openpyxl's read-only mode."""

    format = "xlsx"

    def __init__(self, path: Path, options: ReadOptions) -> None:
        from openpyxl import load_workbook

        self.path = path
        self.options = options
        try:
            self._workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many unrelated types for a damaged file
            raise InputError(f"{path.name} cannot be read as an Excel workbook ({type(error).__name__}).") from error
        try:
            self._read_header()
        except BaseException:
            self.close()
            raise

    def _read_header(self) -> None:
        options = self.options
        sheet = self._workbook.worksheets[0]
        self._rows = sheet.iter_rows(values_only=True)
        names = ["" if value is None else str(value).strip() for value in next(self._rows, None) or ()]
        while names and not names[-1]:
            names.pop()  # read-only sheets pad every row to the widest one
        if not names:
            raise InputError(f"{self.path.name} is empty: its first sheet has no header row.")
        self.header = names
        self.columns = Columns.find(names, options.column, options.id_column, options.date_column, self.path.name)
        max_row = sheet.max_row
        self.total_weight: int | None = max_row - 1 if isinstance(max_row, int) and max_row > 1 else None

    def close(self) -> None:
        self._workbook.close()

    def partitions(self) -> Iterator[Partition]:
        chunker = _Chunker(self.options.chunk_rows)
        columns = self.columns
        for row, values in enumerate(self._rows, start=2):
            if not values or all(value is None for value in values):
                continue
            cells = list(values) + [None] * (columns.width - len(values))
            identifier = None if columns.id is None else _cell_text(cells[columns.id])
            if any(value is not None for value in cells[columns.width:]):
                item: Record | Malformed = Malformed(
                    row, _safe_id(identifier or ""), "field_count", f"{len(values)} cells, header has {columns.width}"
                )
            else:
                date_value = cells[columns.date] if columns.date is not None else None
                item = _checked(row, _cell_text(cells[columns.text]), identifier, date_value, self.options.max_chars)
            full = chunker.add(item)
            if full is not None:
                full.weight = len(full)
                yield full
        if len(chunker.current):
            chunker.current.weight = len(chunker.current)
            yield chunker.current


def _checked(row: int, text: str, identifier: str | None, date_value: DateValue, max_chars: int) -> Record | Malformed:
    """A record, or the reason it cannot be audited."""
    if identifier is None:
        identifier = str(row)
    else:
        identifier = _clean_id(identifier)
        if not identifier:
            return Malformed(row, "", "missing_id", "empty identifier")
    if len(text) > max_chars:
        return Malformed(row, identifier, "too_long", f"{len(text):,} characters, limit {max_chars:,}")
    return Record(row, identifier, text, date_value)


def _clean_id(value: str) -> str:
    return value.strip()[:64]


def _safe_id(value: str) -> str:
    """The identifier of a broken row, only if it looks like one: a shifted field may hold comment text."""
    value = value.strip()
    return value if _IDENTIFIER.fullmatch(value) else ""


def _cell_text(value: object) -> str:
    """A cell as text: integral floats lose their '.0', empty cells become ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def sniff_delimiter(sample: str) -> str:
    """`;` or `,`: the one that splits the first lines into the same number of fields (most fields wins)."""
    lines = sample.splitlines()[:_SNIFF_LINES]
    if len(sample) >= _SNIFF_CHARS and len(lines) > 1:
        lines = lines[:-1]  # the last line of a cut sample may be incomplete
    best, best_score = ",", (-1.0, 0)
    for delimiter in DELIMITERS:
        try:
            rows = [fields for fields in csv.reader(lines, delimiter=delimiter) if fields]
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        score = (sum(len(fields) == width for fields in rows) / len(rows), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best
