"""PERSON after a civility title, which agents write before almost every name."""

from __future__ import annotations

from presidio_analyzer import Pattern, PatternRecognizer

_TITLE = r"(?:M\.|Mme|Mlle|Mme\.|Monsieur|Madame|Mademoiselle|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Me|Maître)"
_NAME = r"[A-ZÀ-Ý][a-zà-ÿ'’\-]+|[A-Z]{2,}(?![a-z])"


class TitledPersonRecognizer(PatternRecognizer):
    """A name after « M. », « Mme », « Mr », « Mrs »…: « Mme Fatima Zahra El Idrissi », « Mr Hale ».

    Normal CRM data: reported, not flagged (GDPR art. 5(1)(c) minimisation still applies).
    """

    PATTERNS = (
        Pattern(
            "title and name",
            rf"(?<!\w){_TITLE}\s+(?:{_NAME})(?:[\s\-]+(?:(?:El|Ben|de|du|van|von|Le|La)\s+)?(?:{_NAME})){{0,3}}",
            0.7,
        ),
    )

    def __init__(self, supported_language: str = "fr") -> None:
        super().__init__(
            supported_entity="PERSON",
            name=f"TitledPersonRecognizer_{supported_language}",
            patterns=list(self.PATTERNS),
            supported_language=supported_language,
            global_regex_flags=0,
        )
