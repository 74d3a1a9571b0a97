"""PHONE_NUMBER in British and North-American formats."""

from __future__ import annotations

from presidio_analyzer import Pattern

from assistant.detect.recognizers.base import DeclaredPatternRecognizer


class UkUsPhoneRecognizer(DeclaredPatternRecognizer):
    """British (07xxx xxxxxx, 020 xxxx xxxx, +44 …) and North-American ((212) 555-0147, +1 …) phone numbers.

    Separators are required in North-American numbers so that order and case numbers do not match.
    Normal CRM data: reported, not flagged (GDPR art. 5(1)(c) minimisation still applies).
    """

    ENTITY = "PHONE_NUMBER"
    PATTERNS = (
        Pattern("UK mobile", r"(?<![\w+])(?:\+44[\s.\-]?|0)7\d{3}[\s.\-]?\d{3}[\s.\-]?\d{3}(?!\d)", 0.7),
        Pattern(
            "UK landline",
            r"(?<![\w+])(?:\+44[\s.\-]?(?:\(0\))?|0)(?:[1-3]\d[\s.\-]?\d{4}[\s.\-]?\d{4}|[1-3]\d{2}[\s.\-]?\d{3}"
            r"[\s.\-]?\d{4}|1\d{3}[\s.\-]?\d{6})(?!\d)",
            0.6,
        ),
        Pattern(
            "North American",
            r"(?<![\w+])(?:\+?1[\s.\-]?)?(?:\(\d{3}\)[\s.\-]?|\d{3}[\s.\-])\d{3}[\s.\-]\d{4}(?!\d)",
            0.6,
        ),
    )
    CONTEXT = ("phone", "mobile", "cell", "call", "number", "tel", "contact")
