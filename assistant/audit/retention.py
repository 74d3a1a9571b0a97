"""Retention: parse last-contact dates and tell which rows are kept longer than allowed.

GDPR art. 5(1)(e) (storage limitation). The CNIL reference for prospect data is three years from
collection or from the last contact initiated by the person (cnil.fr, « Gérer la durée de
conservation des données »); the period is `Settings.retention_years`.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from assistant.audit.readers import DateValue

_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T ])")
_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:$|[T ])")
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_SERIALS = range(20_000, 80_000)  # 1954 to 2119: a bare number outside is not a date


def parse_date(value: DateValue) -> date | None:
    """A date from a cell or CSV field: ISO, French day-first, US month-first when unambiguous, Excel serial."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _excel_serial(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
        return _date(year, month, day)
    if match := _DAY_FIRST.match(text):
        first, second, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            year += 2000 if year < 70 else 1900
        day, month = (second, first) if first <= 12 < second else (first, second)
        return _date(year, month, day)
    if text.replace(".", "", 1).isdigit():
        return _excel_serial(float(text))
    return None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _excel_serial(value: float) -> date | None:
    return _EXCEL_EPOCH + timedelta(days=int(value)) if int(value) in _EXCEL_SERIALS else None


def retention_cutoff(as_of: date, years: int) -> date:
    """The earliest last-contact date still within retention on `as_of` (29 February falls back to the 28th)."""
    try:
        return as_of.replace(year=as_of.year - years)
    except ValueError:
        return as_of.replace(year=as_of.year - years, day=28)


def is_past_retention(last_contact: date, cutoff: date) -> bool:
    """True when the last contact is older than the retention period allows."""
    return last_contact < cutoff
