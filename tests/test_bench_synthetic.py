"""The synthetic CRM export generator used by the audit benchmark and tests (run as `python -m bench.synthetic`)."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.audit.fingerprint import fingerprint_file
from assistant.audit.readers import sniff_delimiter
from assistant.config import PROJECT_ROOT
from assistant.detect.recognizers.credit_card import luhn_valid
from assistant.detect.recognizers.fr_nir import FrNirRecognizer
from assistant.detect.recognizers.iban import iban_valid


def _generate(path: Path, *options: str) -> Path:
    subprocess.run([sys.executable, "-m", "bench.synthetic", "--out", str(path), *options], cwd=PROJECT_ROOT,
                   check=True, capture_output=True)
    return path


def test_when_the_seed_is_the_same_then_the_file_is_identical(tmp_path: Path) -> None:
    first = _generate(tmp_path / "a.csv", "--rows", "500", "--seed", "3").read_bytes()
    again = _generate(tmp_path / "b.csv", "--rows", "500", "--seed", "3").read_bytes()
    other = _generate(tmp_path / "c.csv", "--rows", "500", "--seed", "4").read_bytes()

    assert first == again
    assert first != other


def test_when_numbers_are_generated_then_their_checksums_are_valid(tmp_path: Path) -> None:
    path = _generate(tmp_path / "export.csv", "--rows", "3000", "--sensitive-rate", "0.5")
    text = path.read_text(encoding="utf-8")
    cards = re.findall(r"(?:carte|CB) (\d{4} \d{4} \d{4} \d{4})\b", text)
    ibans = re.findall(r"\bFR\d{2}(?: [0-9]{4}){5} \d{3}\b", text)
    nirs = re.findall(r"\b[12] \d{2} \d{2} \d{2} \d{3} \d{3} \d{2}\b", text)

    assert cards and ibans and nirs
    assert all(luhn_valid(card.replace(" ", "")) for card in cards)
    assert all(iban_valid(iban.replace(" ", "")) for iban in ibans)
    assert all(FrNirRecognizer().validate_result(nir) for nir in nirs)


@pytest.mark.parametrize(
    ("options", "encoding", "delimiter"),
    [
        (["--delimiter", ";"], "utf-8", ";"),  # the default French export
        (["--delimiter", ",", "--encoding", "utf-8-sig"], "utf-8-sig", ","),  # Excel "CSV UTF-8"
        (["--encoding", "cp1252"], "cp1252", ";"),  # Excel "CSV" on French Windows
    ],
)
def test_when_a_format_is_asked_then_the_export_has_it(
    tmp_path: Path, options: list[str], encoding: str, delimiter: str
) -> None:
    path = _generate(tmp_path / "export.csv", "--rows", "300", *options)

    assert fingerprint_file(path).encoding == encoding
    assert sniff_delimiter(path.read_text(encoding=encoding)) == delimiter


def test_when_a_malformed_rate_is_asked_then_some_rows_lose_a_field(tmp_path: Path) -> None:
    path = _generate(tmp_path / "export.csv", "--rows", "2000", "--malformed-rate", "0.05")
    with path.open(encoding="utf-8", newline="") as handle:
        widths = [len(row) for row in csv.reader(handle, delimiter=";")]

    assert widths[0] == 4 and len(widths) == 2001
    assert 40 <= widths.count(3) <= 160  # about 5 % of 2,000 rows
