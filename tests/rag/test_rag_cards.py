"""Card validation: a broken card fails at start-up with a message naming the file and the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT
from assistant.errors import ConfigError
from assistant.rag.cards import load_cards, parse_card

VALID = """---
id: {stem}
title: Droit d'accès
lang: fr
articles: ["RGPD art. 15"]
source: https://www.cnil.fr/
keywords: [accès, 2018]
questions: ["Un client peut-il obtenir une copie ?"]
---
Résumé: Le client obtient une copie sous un mois.

- La première copie est gratuite.
"""


def _write(tmp_path: Path, text: str, stem: str = "acces", folder: str = "fr") -> Path:
    path = tmp_path / folder / f"{stem}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.replace("{stem}", stem), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace("id: {stem}\n", ""), "lacks required front-matter keys: id"),  # key missing
        (lambda t: t.replace("source: https://www.cnil.fr/\n", ""), "source"),  # a card must be citable
        (lambda t: t.replace("id: {stem}", "id: autre"), "must equal the file name"),  # id drifts from file
        (lambda t: t.replace("lang: fr", "lang: de"), "lang must be one of"),  # unsupported language
        (lambda t: t.replace('["RGPD art. 15"]', "RGPD art. 15"), "'articles' must be a non-empty list"),
        (lambda t: t.replace("keywords: [accès, 2018]", "keywords: []"), "'keywords' must be a non-empty list"),
        (lambda t: t.replace('["Un client peut-il obtenir une copie ?"]', "[]"), "'questions' must be a non-empty"),
        (lambda t: t.replace("Résumé:", "Intro:"), "must open with a 'Résumé:'"),  # no direct answer first
        (lambda t: t.replace("- La première copie est gratuite.\n", ""), "at least one '- ' key point"),
        (lambda t: t[4:], "must start with a '---'"),  # front matter not opened
        (lambda t: t.replace("title: Droit d'accès", "title: [oops"), "invalid YAML"),  # YAML syntax error
    ],
)
def test_when_card_is_broken_then_config_error_names_file_and_problem(tmp_path, change, message):
    path = _write(tmp_path, change(VALID))
    with pytest.raises(ConfigError, match=message) as error:
        parse_card(path)
    assert str(path) in str(error.value)


def test_when_card_is_valid_then_summary_points_and_numeric_keyword_are_read(tmp_path):
    card = parse_card(_write(tmp_path, VALID))
    assert (card.id, card.lang, card.articles) == ("acces", "fr", ("RGPD art. 15",))
    assert card.summary == "Le client obtient une copie sous un mois."
    assert card.bullets == ("La première copie est gratuite.",)
    assert card.keywords == ("accès", "2018")  # YAML reads 2018 as a number: kept as text


def test_when_lang_disagrees_with_folder_then_config_error(tmp_path):
    with pytest.raises(ConfigError, match="does not match its folder"):
        parse_card(_write(tmp_path, VALID, folder="en"))


def test_when_two_cards_share_an_id_then_config_error_names_both(tmp_path, card_writer):
    first = card_writer(tmp_path / "a", "acces", "A", "Résumé A.")
    second = card_writer(tmp_path / "b", "acces", "B", "Résumé B.")
    with pytest.raises(ConfigError, match="used by both") as error:
        load_cards(tmp_path)
    assert str(first) in str(error.value) and str(second) in str(error.value)


def test_when_cards_folder_is_missing_then_config_error(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_cards(tmp_path / "nowhere")


def test_when_repository_cards_load_then_every_english_card_has_a_french_twin():
    cards = {card.id: card for card in load_cards(PROJECT_ROOT / "knowledge" / "cards")}
    orphans = [card_id for card_id in cards if card_id.endswith("-en") and card_id.removesuffix("-en") not in cards]
    assert cards and not orphans
