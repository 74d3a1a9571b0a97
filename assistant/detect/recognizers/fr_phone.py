"""PHONE_NUMBER in French formats."""

from __future__ import annotations

from presidio_analyzer import Pattern

from assistant.detect.recognizers.base import DeclaredPatternRecognizer


class FrPhoneRecognizer(DeclaredPatternRecognizer):
    """French phone number: 0X or +33 / 0033, ten digits grouped by spaces, dots or dashes.

    Fictitious examples: « 06 12 34 56 78 », « 06.12.34.56.78 », « +33 6 12 34 56 78 », « 0612345678 ».
    Normal CRM data: reported, not flagged (GDPR art. 5(1)(c) minimisation still applies).
    """

    ENTITY = "PHONE_NUMBER"
    PATTERNS = (
        Pattern(
            "French phone",
            r"(?<![\w+])(?:(?:\+|00)33[\s.\-]?(?:\(0\)[\s.\-]?)?|0)[1-9](?:[\s.\-]?\d{2}){4}(?!\d)",
            0.7,
        ),
    )
    CONTEXT = ("tél", "tel", "téléphone", "portable", "mobile", "fixe", "joignable", "phone", "appeler")
