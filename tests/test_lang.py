"""Language detection of short CRM notes and questions."""

from __future__ import annotations

import pytest

from assistant.lang import detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Cliente mécontente, rappeler demain pour la cde 4521", "fr"),  # typical French note
        ("cl. tres enerve, veut rembourssement", "fr"),  # no accents, SMS style
        ("Customer wants a refund for order 4521", "en"),  # typical English note
        ("Pregnant, needs aisle seat please.", "en"),  # short English note without articles
        ("What's a good recipe for pizza dough?", "en"),  # the English 's must not count as French
        ("RDV 12/03", "fr"),  # no evidence at all: French first
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang
