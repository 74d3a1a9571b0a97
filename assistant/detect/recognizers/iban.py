"""IBAN_CODE with the ISO 13616 mod-97 check."""

from __future__ import annotations

import re

from presidio_analyzer import Pattern, RecognizerResult

from assistant.detect.recognizers.base import DeclaredPatternRecognizer

# Lengths of the IBANs of the countries a French or English CRM meets most.
IBAN_LENGTHS = {
    "FR": 27, "MC": 27, "BE": 16, "LU": 20, "DE": 22, "ES": 24, "IT": 27, "PT": 25, "NL": 18,
    "CH": 21, "GB": 22, "IE": 22, "AT": 20, "PL": 28, "GR": 27, "SE": 24, "DK": 18, "FI": 18,
    "NO": 15, "CZ": 24, "RO": 24, "HU": 28, "MA": 28, "TN": 24, "DZ": 26, "SN": 28, "CI": 28,
}


def iban_valid(compact: str) -> bool:
    """Country length and mod-97 check of an IBAN without separators."""
    if IBAN_LENGTHS.get(compact[:2]) != len(compact) or not compact.isalnum():
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


class IbanChecksumRecognizer(DeclaredPatternRecognizer):
    """International bank account number: country code, 2 check digits, then the account (BBAN).

    Fictitious example: « FR76 3000 6000 0112 3456 7890 189 ». Grouped by four or compact;
    the last group is digits (the French RIB key). An invalid checksum is not reported.
    Never in a free-text comment (GDPR art. 5(1)(c) and 32).
    """

    ENTITY = "IBAN_CODE"
    PATTERNS = (
        Pattern(
            "IBAN, grouped or compact",
            r"(?<![\w])[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?\d{1,3})?)(?![\w])",
            0.3,
        ),
    )
    CONTEXT = ("iban", "rib", "compte", "virement", "prélèvement", "bank", "account", "transfer")

    def analyze(self, text: str, entities: list[str], nlp_artifacts=None, regex_flags=None) -> list[RecognizerResult]:
        """Like PatternRecognizer, but a match that swallowed the next word is shortened group by group
        until it validates (« FR76 … 189 pour » → « FR76 … 189 »)."""
        results = []
        for pattern in self.patterns:
            for match in re.finditer(pattern.regex, text, flags=re.IGNORECASE):
                end = self._longest_valid_end(text, match.start(), match.end())
                if end is not None:
                    results.append(self._result(match.start(), end, pattern))
        return results

    def _longest_valid_end(self, text: str, start: int, end: int) -> int | None:
        while end > start:
            if self.validate_result(text[start:end]):
                return end
            space = text.rfind(" ", start, end)
            if space < 0:
                return None
            end = space
        return None

    def _result(self, start: int, end: int, pattern: Pattern) -> RecognizerResult:
        explanation = self.build_regex_explanation(
            self.name, pattern.name, pattern.regex, pattern.score, validation_result=True, regex_flags=re.IGNORECASE
        )
        return RecognizerResult(
            self.supported_entities[0], start, end, self.MAX_SCORE, analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )

    def validate_result(self, pattern_text: str) -> bool:
        return iban_valid(pattern_text.replace(" ", "").upper())
