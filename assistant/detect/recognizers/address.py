"""LOCATION: postal addresses, which spaCy's NER often cuts or misses."""

from __future__ import annotations

from presidio_analyzer import Pattern

from assistant.detect.recognizers.base import DeclaredPatternRecognizer

_NAME = r"[A-ZÀ-Ý][\w'’\-]*"
_FR_STREET = (
    r"(?:rue|avenue|av\.|boulevard|bd|place|chemin|impasse|allée|allee|quai|route|cours|square|passage|"
    r"rond-point|cité|cite|résidence|residence|lotissement|faubourg|promenade|esplanade|villa|hameau)"
)
_EN_STREET = (
    r"(?:Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Close|Drive|Dr|Way|Place|Pl|Court|Ct|Crescent|Terrace|Gardens|Grove)"
)


class AddressRecognizer(DeclaredPatternRecognizer):
    """A street address: « 12 rue Victor-Hugo », « place de la République », « 22 Elm Road, Leicester LE2 3AB ».

    Normal CRM data: reported, not flagged (GDPR art. 5(1)(c) minimisation still applies).
    """

    ENTITY = "LOCATION"
    REGEX_FLAGS = 0  # case matters: names and street names are capitalised
    PATTERNS = (
        Pattern(
            "French street",
            rf"(?<!\w)(?:\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+)?{_FR_STREET}\s+(?:(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*)?"
            rf"{_NAME}(?:[\s\-]+(?:(?:de|du|des|la|le|les|l['’]|d['’])[\s\-]*)?{_NAME}){{0,4}}",
            0.6,
        ),
        Pattern(
            "English street",
            rf"(?<!\w)\d{{1,4}}\s+{_NAME}(?:\s+{_NAME}){{0,3}}\s+{_EN_STREET}\b(?:,\s+{_NAME}(?:\s+{_NAME})?)?"
            r"(?:,?\s+[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})?",
            0.6,
        ),
        Pattern("French postcode and town", rf"(?<!\d)\d{{5}}\s+{_NAME}(?:[\s\-]+{_NAME}){{0,3}}", 0.5),
    )
