"""CREDIT_CARD with the Luhn check, in French and English comments."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from assistant.detect.recognizers.base import DeclaredPatternRecognizer

_NON_DIGITS = re.compile(r"\D")
_IMEI_LABEL = re.compile(r"\bimei\b", re.IGNORECASE)
_IBAN_SHAPE = re.compile(r"(?<![A-Za-z])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){3,7}(?:[ ]?[A-Z0-9]{1,4})?")


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum used by payment card numbers."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


class PaymentCardRecognizer(DeclaredPatternRecognizer):
    """Payment card number (Visa, Mastercard, CB, Amex…): 13–19 digits, grouped or not, Luhn-valid.

    Fictitious example: « 4970 1012 3456 7899 ». An invalid checksum is not reported.
    Never in a free-text comment (GDPR art. 5(1)(c) and 32; PCI DSS forbids storing it in clear).
    """

    ENTITY = "CREDIT_CARD"
    PATTERNS = (
        Pattern("4-4-4-4", r"(?<![\w.\-])[2-6]\d{3}([ \-.]?)\d{4}\1\d{4}\1\d{4}(?![\w])", 0.3),
        Pattern("compact 13-19", r"(?<![\w.\-])[2-6]\d{12,18}(?![\w])", 0.3),
        Pattern("Amex 4-6-5", r"(?<![\w.\-])3[47]\d{2}([ \-]?)\d{6}\1\d{5}(?![\w])", 0.3),
    )
    CONTEXT = ("carte", "cb", "bancaire", "visa", "mastercard", "amex", "card", "credit", "payment", "paiement")

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None, regex_flags=None) -> list:
        """Pattern matches, minus those inside an IBAN-shaped string or labelled as a phone's IMEI
        (both can pass Luhn)."""
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        if not results:
            return results
        ibans = [match.span() for match in _IBAN_SHAPE.finditer(text)]
        return [
            r for r in results
            if not any(start < r.end and r.start < end for start, end in ibans)
            and not _IMEI_LABEL.search(text[max(0, r.start - 24):r.start])
        ]

    def validate_result(self, pattern_text: str) -> bool:
        digits = _NON_DIGITS.sub("", pattern_text)
        return 13 <= len(digits) <= 19 and luhn_valid(digits)
