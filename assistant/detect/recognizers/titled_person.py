"""PERSON after a civility title, which agents write before almost every name."""

from __future__ import annotations

from presidio_analyzer import Pattern

from assistant.detect.names import CIVILITY_TITLE
from assistant.detect.recognizers.base import DeclaredPatternRecognizer

_NAME = r"[A-ZÀ-Ý][a-zà-ÿ'’\-]+|[A-Z]{2,}(?![a-z])"


class TitledPersonRecognizer(DeclaredPatternRecognizer):
    """A name after « M. », « Mme », « Mr », « Mrs »…: « Mme Fatima Zahra El Idrissi », « Mr Hale ».

    Normal CRM data: reported, not flagged (GDPR art. 5(1)(c) minimisation still applies).
    """

    ENTITY = "PERSON"
    REGEX_FLAGS = 0  # case matters: names and street names are capitalised
    PATTERNS = (
        Pattern(
            "title and name",
            rf"(?<!\w){CIVILITY_TITLE}\s+(?:{_NAME})(?:[\s\-]+(?:(?:El|Ben|de|du|van|von|Le|La)\s+)?(?:{_NAME})){{0,3}}",
            0.7,
        ),
    )
