"""spaCy's name and place guesses: when the NER runs at all, and what it still finds."""

from __future__ import annotations

import pytest

from assistant.detect.names import may_hold_names, plausible_ner


@pytest.mark.parametrize(
    ("text", "expected", "why"),
    [
        ("client a rappelé, veut résilier, pas content", False, "no capital at all"),
        ("Client a rappelé. Veut résilier.", False, "capitals only where sentences open"),
        ("RIB reçu, SAV prévenu", False, "short acronyms are not names"),
        ("Colis livré - Client absent", False, "a capital after a dash opens a segment"),
        ("Je transfère le dossier à Julien Moreau", True, "a capitalised word inside the sentence"),
        ("M. Benali conteste la facture", True, "a name right after a civility title"),
        ("Ms. Okafor called about the meter", True, "English title with its dot"),
        ("appeler MME DURAND demain", True, "a shouted name of five letters or more"),
        ("Livraison à Marseille jeudi", True, "a place inside the sentence"),
    ],
)
def test_may_hold_names(text: str, expected: bool, why: str) -> None:
    assert may_hold_names(text) is expected, why


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Je transfère le dossier à Julien Moreau demain, il rappellera.", [("PERSON", "Julien Moreau")]),
        ("Le colis est parti de Lyon hier, livraison à Marseille jeudi.",
         [("LOCATION", "Lyon"), ("LOCATION", "Marseille")]),
        ("Customer called from Leeds about the refund.", [("LOCATION", "Leeds")]),
        ("client a rappelé, veut résilier, pas content", []),
    ],
)
def test_ner_still_finds_names_without_parser_and_lemmatizer(detector, text: str, expected: list) -> None:
    findings = detector.analyze(text).findings
    assert [(f.type, f.text) for f in findings if f.source == "ner"] == expected


@pytest.mark.parametrize(
    ("entity_type", "text", "plausible"),
    [
        ("PERSON", "Livreur", False),  # a role noun opening a note
        ("PERSON", "Landlord", False),
        ("PERSON", "Réexpédition", False),  # CRM jargon
        ("PERSON", "Benali", True),
        ("LOCATION", "Voisine", False),
    ],
)
def test_role_nouns_and_jargon_are_not_names(entity_type: str, text: str, plausible: bool) -> None:
    assert plausible_ner(entity_type, text) is plausible
