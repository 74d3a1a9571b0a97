"""Streaming readers of CRM exports: encodings, delimiters, partitions, malformed rows, XLSX."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from assistant.audit.fingerprint import fingerprint_file
from assistant.audit.readers import Malformed, Partition, ReadOptions, Record, open_export
from assistant.errors import InputError

OPTIONS = ReadOptions(column="commentaire", id_column="id", date_column="date", chunk_rows=100, max_chars=200)
ACCENTED = "Élève très âgée, crème brûlée offerte, 20 €"


def _read(path: Path, options: ReadOptions = OPTIONS) -> list[Partition]:
    with open_export(path, options) as reader:
        return list(reader.partitions())


def _items(partitions: list[Partition]) -> list[Record | Malformed]:
    return sorted((item for p in partitions for item in (*p.records, *p.malformed)), key=lambda item: item.row)


@pytest.mark.parametrize(
    ("encoding", "delimiter", "expected_encoding"),
    [
        ("utf-8", ";", "utf-8"),  # the common French export
        ("utf-8", ",", "utf-8"),  # the common English export
        ("utf-8-sig", ";", "utf-8-sig"),  # Excel's "CSV UTF-8" adds a BOM that must not stick to the first column
        ("cp1252", ";", "cp1252"),  # Excel's plain "CSV" on French Windows
        ("cp1252", ",", "cp1252"),  # same, comma-separated
    ],
)
def test_when_csv_in_any_usual_encoding_and_delimiter_then_text_is_read_intact(
    tmp_path: Path, encoding: str, delimiter: str, expected_encoding: str
) -> None:
    path = tmp_path / "export.csv"
    lines = [delimiter.join(("id", "date", "commentaire")), delimiter.join(("A1", "2024-01-31", f'"{ACCENTED}"')),
             delimiter.join(("A2", "01/02/2024", '"Rappeler lundi; ou mardi, merci"'))]
    path.write_bytes("\r\n".join(lines).encode(encoding) + b"\r\n")

    assert fingerprint_file(path).encoding == expected_encoding
    with open_export(path, OPTIONS) as reader:
        assert reader.delimiter == delimiter
        records = [record for partition in reader.partitions() for record in partition.records]
    assert [(r.row, r.id, r.text, r.date) for r in records] == [
        (2, "A1", ACCENTED, "2024-01-31"), (3, "A2", "Rappeler lundi; ou mardi, merci", "01/02/2024"),
    ]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("B1;2024-01-01;texte;en trop", "field_count"),  # an unquoted delimiter inside the comment
        ("B1;2024-01-01", "field_count"),  # a row cut short: the comment column is missing
        (";2024-01-01;Rappeler lundi", "missing_id"),  # no identifier: the row could not be traced back
        ("B1;2024-01-01;" + "x" * 201, "too_long"),  # longer than max_chars
    ],
)
def test_when_a_row_is_broken_then_it_becomes_a_malformed_record_and_the_next_row_is_read(
    tmp_path: Path, line: str, reason: str
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(f"id;date;commentaire\nA1;2024-01-01;avant\n{line}\nA3;2024-01-02;après\n", encoding="utf-8")

    items = _items(_read(path))

    assert [(item.row, type(item).__name__) for item in items] == [(2, "Record"), (3, "Malformed"), (4, "Record")]
    assert items[1].reason == reason
    assert items[2].text == "après"


def test_when_a_utf8_export_has_one_undecodable_row_then_only_that_row_is_malformed(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    good = "".join(f"A{i};2024-01-01;{ACCENTED}\n" for i in range(5)).encode("utf-8")
    path.write_bytes(b"id;date;commentaire\n" + good + "B1;2024-01-01;caf\xe9 froid\n".encode("latin-1"))

    items = _items(_read(path))

    assert fingerprint_file(path).encoding == "utf-8"  # five good accented rows outweigh one bad byte
    assert [item.text for item in items[:5]] == [ACCENTED] * 5
    assert isinstance(items[5], Malformed) and items[5].reason == "undecodable" and items[5].id == "B1"


def test_when_a_field_exceeds_the_parser_limit_then_it_is_reported_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    huge = "y" * 200_000
    path.write_text(f'id;date;commentaire\nA1;2024-01-01;"{huge}"\nA2;2024-01-02;suite\n', encoding="utf-8")

    items = _items(_read(path, ReadOptions(column="commentaire", id_column="id", max_chars=100)))

    assert isinstance(items[0], Malformed) and items[0].reason in {"csv_error", "too_long"}
    assert isinstance(items[-1], Record) and items[-1].text == "suite"


def test_when_the_column_is_missing_then_input_error_lists_the_available_columns(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("id;note;agent\nA1;x;y\n", encoding="utf-8")

    with pytest.raises(InputError, match=r"'commentaire'.*'id', 'note', 'agent'"):
        _read(path)


def test_when_column_names_differ_by_case_or_spaces_then_they_still_match(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(" ID ;Date;Commentaire\nA1;2024-01-01;bonjour\n", encoding="utf-8")

    assert _items(_read(path))[0] == Record(2, "A1", "bonjour", "2024-01-01")


def test_when_rows_exceed_the_chunk_size_then_partitions_are_fixed_slices_in_order(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    rows = "".join(f"A{i};2024-01-01;note {i}\n" + ("\n" if i == 2 else "") for i in range(5))
    path.write_text("id;date;commentaire\n" + rows + "A9;bad\n", encoding="utf-8")

    partitions = _read(path, ReadOptions(column="commentaire", id_column="id", chunk_rows=2))

    assert [(p.index, len(p)) for p in partitions] == [(0, 2), (1, 2), (2, 2)]  # the blank line is not a row
    assert [r.id for p in partitions for r in p.records] == ["A0", "A1", "A2", "A3", "A4"]
    assert partitions[2].malformed[0].row == 7


def test_when_no_id_column_then_the_row_number_is_the_identifier(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("commentaire\nbonjour\nau revoir\n", encoding="utf-8")

    records = _items(_read(path, ReadOptions(column="commentaire")))

    assert [(r.row, r.id) for r in records] == [(2, "2"), (3, "3")]


def test_when_xlsx_then_cells_are_streamed_with_types_preserved(tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "export.xlsx"
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["id", "date", "commentaire"])
    sheet.append([101, datetime(2021, 5, 4, 10, 30), ACCENTED])  # integer id, real date cell
    sheet.append([102.0, "04/05/2021", None])  # float id from Excel, text date, empty comment
    sheet.append([None, "2021-05-04", "sans identifiant"])
    sheet.append([104, "2021-05-04", "x", "cellule en trop"])
    workbook.save(path)

    items = _items(_read(path))

    assert items[0] == Record(2, "101", ACCENTED, datetime(2021, 5, 4, 10, 30))
    assert items[1] == Record(3, "102", "", "04/05/2021")
    assert (items[2].row, items[2].reason) == (4, "missing_id")
    assert (items[3].row, items[3].reason) == (5, "field_count")


def test_when_a_record_is_shown_in_a_traceback_or_log_then_its_comment_is_not() -> None:
    record = Record(2, "A1", "Client sous chimio", "2024-01-01")
    partition = Partition(0, [record])

    assert "chimio" not in repr(record) and "chimio" not in repr(partition)
    assert repr(record) == "Record(row=2, id='A1', text=<18 chars>)"


def test_when_a_broken_row_shifts_comment_text_into_the_id_column_then_that_text_is_not_reported(
    tmp_path: Path,
) -> None:
    path = tmp_path / "export.csv"
    path.write_text("commentaire;id;date\nsous chimio; vu en rendez-vous;C1;2024-01-01\n", encoding="utf-8")

    [broken] = _items(_read(path))

    assert (broken.reason, broken.id) == ("field_count", "")
