"""Language detection of short CRM notes and questions."""

from __future__ import annotations

import pytest

from assistant.lang import detect_language, language_scores
from assistant.text import _FOLD_TABLE, fold, fold_plain


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


def test_language_scores_count_function_words_and_french_accents() -> None:
    # le, client, a, recu, la, facture, and the accent of « reçu »
    assert language_scores("Le client a reçu la facture") == {"fr": 7, "en": 0}
    assert language_scores("The customer wants it") == {"fr": 0, "en": 4}


def test_folding_is_the_fold_table_for_every_character() -> None:
    every = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)
    assert fold_plain(every) == every.lower().translate(_FOLD_TABLE)
    assert fold("Œuvre `déjà` vue").text == "oeuvre 'deja' vue"
