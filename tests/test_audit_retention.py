"""Retention: last-contact dates as CRM exports write them, and the cut-off of the retention period."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from assistant.audit.retention import is_past_retention, parse_date, retention_cutoff


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-03-04", date(2021, 3, 4)),  # ISO, the usual database export
        ("2021-03-04T10:22:00+01:00", date(2021, 3, 4)),  # ISO timestamp with time zone
        ("2021-03-04 10:22", date(2021, 3, 4)),  # ISO with a time
        ("04/03/2021", date(2021, 3, 4)),  # French day-first
        ("4.3.2021", date(2021, 3, 4)),  # German/Swiss dots, day-first
        ("04/03/21", date(2021, 3, 4)),  # two-digit year
        ("12/31/2021", date(2021, 12, 31)),  # US month-first, unambiguous because 31 > 12
        (" 2021/03/04 ", date(2021, 3, 4)),  # slashes and stray spaces
        ("44261", date(2021, 3, 6)),  # Excel serial number exported as text
        (44261, date(2021, 3, 6)),  # Excel serial number as a number cell
        (datetime(2021, 3, 4, 9, 0), date(2021, 3, 4)),  # XLSX datetime cell
        (date(2021, 3, 4), date(2021, 3, 4)),  # XLSX date cell
        ("31/02/2021", None),  # impossible day
        ("inconnue", None),  # free text
        ("12345", None),  # a number that is not a plausible Excel date
        (None, None),  # empty cell
    ],
)
def test_when_a_date_is_written_any_usual_way_then_it_is_parsed(value: object, expected: date | None) -> None:
    assert parse_date(value) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("as_of", "years", "cutoff"),
    [
        (date(2025, 6, 15), 3, date(2022, 6, 15)),  # same day, three years earlier
        (date(2024, 2, 29), 3, date(2021, 2, 28)),  # 29 February has no match three years earlier
        (date(2024, 2, 29), 4, date(2020, 2, 29)),  # ... but has one four years earlier
        (date(2025, 1, 1), 5, date(2020, 1, 1)),  # another period set in the settings
    ],
)
def test_when_computing_the_cutoff_then_it_is_the_same_day_n_years_before(
    as_of: date, years: int, cutoff: date
) -> None:
    assert retention_cutoff(as_of, years) == cutoff


@pytest.mark.parametrize(
    ("last_contact", "expected"),
    [
        (date(2022, 6, 14), True),  # one day too old
        (date(2022, 6, 15), False),  # exactly three years: still within retention
        (date(2025, 6, 1), False),  # recent
    ],
)
def test_when_last_contact_is_before_the_cutoff_then_it_is_past_retention(last_contact: date, expected: bool) -> None:
    assert is_past_retention(last_contact, date(2022, 6, 15)) is expected
