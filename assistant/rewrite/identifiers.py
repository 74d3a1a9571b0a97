"""Card, IBAN and social-security numbers replaced by a neutral mention (« coordonnées bancaires communiquées »)."""

from __future__ import annotations

import re

from assistant.detect.finding import Finding
from assistant.rewrite.cuts import Cut
from assistant.rewrite.facts import identifier_end

MENTIONS = {
    "fr": {
        "CREDIT_CARD": "coordonnées bancaires communiquées",
        "IBAN_CODE": "coordonnées bancaires communiquées",
        "FR_NIR": "numéro de sécurité sociale communiqué",
    },
    "en": {
        "CREDIT_CARD": "bank details provided",
        "IBAN_CODE": "bank details provided",
        "FR_NIR": "social-security number provided",
    },
}
# After a label that already says what the number was, a short mention is enough.
SHORT_MENTIONS = {"fr": "communiqué", "en": "provided"}
# A label just before the number (« RIB -> », « carte n° », « card no. »): the number goes, the label stays.
_LABEL = re.compile(
    r"(?i)(?<!\w)(?:carte(?:\s+bancaire|\s+bleue)?|cb|visa|mastercard|amex|iban|rib|nir|s[ée]cu(?:rit[ée] sociale)?|"
    r"num[ée]ro\s+de\s+s[ée]cu\w*|ss|card|credit card|debit card|social security|ni number)"
    r"(?:\s+(?:n°|no\.?|num(?:[ée]ro)?\.?|number|#))?\s*(?:[:=#]|->|=>|→)?\s*$"
)
_SEGMENT_START = re.compile(r"(?:^|[,;:.!?(\n]|->|=>|→)\s*$")


def plan_identifier(text: str, finding: Finding, lang: str) -> Cut:
    """Replace the number (and a card's expiry or code) by a mention.

    A label opening the segment goes with the number (« carte 4970… à débiter » → « coordonnées bancaires
    communiquées à débiter »); a label inside a sentence stays, the mention follows it in brackets.
    """
    start, end, entity = finding.start, identifier_end(text, finding), finding.type
    mentions = MENTIONS.get(lang, MENTIONS["fr"])
    mention = mentions[entity]
    window = max(0, start - 40)
    label = _LABEL.search(text, window, start)
    if label is None:
        return Cut(start, end, mention, "identifier")
    if _SEGMENT_START.search(text, 0, label.start()):
        return Cut(label.start(), end, mention, "identifier")
    short = SHORT_MENTIONS.get(lang, SHORT_MENTIONS["fr"]) if entity == "FR_NIR" else mention
    return Cut(start, end, f"({short})", "identifier")
