"""Needs that give their reason away, and the neutral need that replaces them.

Most needs stay as they are once their reason is gone (« livraison en rez-de-chaussée »). A few name the
category themselves: invoices « en braille » tell a blindness, a « repas casher » a religion, a call
« after sunset » a fast. The agent still has to meet the need, so it is reworded, not deleted: « en format
accessible », « repas spécifique », « in the evening ». A rewording applies only in a comment the detector
flagged for its category, so that a clean comment never changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text import fold_plain


@dataclass(frozen=True, slots=True)
class NeutralNeed:
    """Wording of a need that reveals `category`, and its neutral replacement, in one language."""

    category: str
    lang: str
    pattern: re.Pattern[str]
    replacement: str
    phrase: bool  # the wording says it is a need (« en braille », « kosher meals »), not only the word


def _need(category: str, lang: str, pattern: str, replacement: str) -> NeutralNeed:
    return NeutralNeed(category, lang, re.compile(rf"(?i)(?<!\w)(?:{pattern})(?!\w)"), replacement, " " in pattern)


# Longest wording first: « sert casher » before « casher ».
NEUTRAL_NEEDS: tuple[NeutralNeed, ...] = (
    _need("HEALTH", "fr", r"(?:en|au format) braille", "en format accessible"),
    _need("HEALTH", "fr", r"braille", "format accessible"),
    _need("HEALTH", "en", r"in braille", "in an accessible format"),
    _need("HEALTH", "en", r"braille", "accessible format"),
    _need("HEALTH", "fr", r"(?:en|par|via) (?:la )?langue des signes|en LSF", "avec un interprète"),
    _need("HEALTH", "en", r"in sign language|in BSL|in ASL", "with an interpreter"),
    _need("HEALTH", "fr", r"(véhicules?(?: de (?:prêt|location|remplacement|courtoisie))?) (?:adaptés?|aménagés?)",
          r"\1 équivalent"),
    _need("HEALTH", "fr", r"(voitures?(?: de (?:prêt|location|remplacement|courtoisie))?) (?:adaptées?|aménagées?)",
          r"\1 équivalente"),
    _need("HEALTH", "en", r"(?:adapted|modified)(?= (?:\w+ )?(?:vehicle|car|van)s?\b)", "equivalent"),
    _need("RELIGION", "fr", r"sert (?:du |des plats |des repas )?(?:casher|kasher|cacher|halal)",
          "sert des repas spécifiques"),
    _need("RELIGION", "fr", r"(?:repas|menus?|plats?|viande|nourriture) (?:casher|kasher|cacher|halal)",
          "repas spécifique"),
    _need("RELIGION", "fr", r"casher|kasher|cacher|halal", "repas spécifique"),
    _need("RELIGION", "en", r"(?:kosher|halal) (?:meals?|food|menus?|options?)", "a specific meal"),
    _need("RELIGION", "en", r"kosher|halal", "specific meal"),
    _need("RELIGION", "fr", r"après (?:le )?coucher du soleil", "en soirée"),
    _need("RELIGION", "en", r"after (?:sunset|sundown|dusk)", "in the evening"),
)


def neutral_needs(text: str, lang: str, categories: tuple[str, ...] | list[str]) -> str:
    """The text with each need that reveals one of `categories` worded neutrally."""
    for need in NEUTRAL_NEEDS:
        if need.lang == lang and need.category in categories:
            text = need.pattern.sub(need.replacement, text)
    return text


def need_spans(text: str, lang: str, categories: tuple[str, ...] | list[str]) -> list[tuple[int, int]]:
    """Spans of need phrases: the statement rules keep them (as they keep facts) for their rewording."""
    return [
        match.span() for need in NEUTRAL_NEEDS if need.phrase and need.lang == lang and need.category in categories
        for match in need.pattern.finditer(text)
    ]


def revealing_needs(text: str, lang: str, categories: tuple[str, ...] | list[str]) -> list[str]:
    """The wording of needs in `text` that still reveal one of `categories` (for verification)."""
    found: list[tuple[int, int, str]] = []
    for need in NEUTRAL_NEEDS:
        if need.lang == lang and need.category in categories:
            found += [
                (match.start(), match.end(), match.group()) for match in need.pattern.finditer(text)
                if not any(start < match.end() and match.start() < end for start, end, _ in found)
            ]
    return list(dict.fromkeys(fold_plain(word) for _, _, word in found))
