"""FR_NIR: the French social-security number."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern

from assistant.detect.recognizers.base import DeclaredPatternRecognizer

_SEPARATORS = re.compile(r"[\s.\-]")


class FrNirRecognizer(DeclaredPatternRecognizer):
    """French social-security number (NIR, « numéro de sécu »): 13 characters and a 2-digit key.

    Layout: sex (1|2), birth year (2), month (2), department (2, or 2A/2B for Corsica),
    commune (3), order (3), key = 97 − (first 13 digits mod 97), Corsica counted as 19 (2A) / 18 (2B).
    Fictitious example: « 1 85 05 78 006 084 36 ». An invalid key is not reported.
    It has no place in a free-text comment (GDPR art. 87 and the CNIL framework for the NIR).
    """

    ENTITY = "FR_NIR"
    PATTERNS = (
        Pattern(
            "NIR, spaced or not",
            r"(?<![\w.])[12][\s.\-]?\d{2}[\s.\-]?\d{2}[\s.\-]?(?:\d{2}|2[AB])[\s.\-]?\d{3}[\s.\-]?\d{3}"
            r"[\s.\-]?\d{2}(?![\w])",
            0.4,
        ),
    )
    CONTEXT = ("sécurité sociale", "secu", "sécu", "nir", "insee", "carte vitale", "social security")

    def validate_result(self, pattern_text: str) -> bool:
        compact = _SEPARATORS.sub("", pattern_text).upper()
        if len(compact) != 15:
            return False
        corsica = {"2A": "19", "2B": "18"}.get(compact[5:7])
        body = compact[:5] + corsica + compact[7:13] if corsica else compact[:13]
        if not body.isdigit() or not compact[13:].isdigit():
            return False
        return 97 - int(body) % 97 == int(compact[13:])
