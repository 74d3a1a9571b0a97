"""Evidence spans: each finding covers every word that reveals its category, in one contiguous span."""

from __future__ import annotations

import pytest

from assistant.detect import Detector


def _texts(detector: Detector, text: str, category: str) -> list[str]:
    analysis = detector.analyze(text, deep=False)
    for finding in analysis.findings:
        assert text[finding.start:finding.end] == finding.text  # offsets point into the original text
    return [finding.text for finding in analysis.findings if finding.type == category]


@pytest.mark.parametrize(
    ("text", "category", "expected"),
    [
        # the duration, the place and the recency of a prison term, not only its verb
        ("A fait 18 mois à Fresnes, sortie récente, demande l'ouverture d'un compte.", "CRIMINAL",
         ["fait 18 mois à Fresnes, sortie récente"]),
        # piled insulting adjectives are one finding
        ("lazy, rude, smelly old git, came in to return a kettle without receipt", "INSULT",
         ["lazy, rude, smelly old git"]),
        # the stereotype attached to the origin word belongs to its finding
        ("Cliente asiatique, forcément à l'aise avec les chiffres, a renégocié son taux.", "ORIGIN",
         ["asiatique, forcément à l'aise avec les chiffres"]),
        # the symptom phrase and how often it happens, not « d'après sa sœur »
        ("Entend des voix la nuit d'après sa sœur, suspendre le contrat.", "HEALTH", ["Entend des voix la nuit"]),
        # the business part of the note stays outside the finding
        ("Client sous chimio demande un RDV le matin", "HEALTH", ["sous chimio"]),
        # a person word opening the trigger is not evidence; the compliment in the next chunk is not either
        ("Client africain, très sympa, forfait 5G", "ORIGIN", ["africain"]),
        # how often a practice is followed is part of it
        ("va à la messe tous les matins, ne pas appeler avant 10h", "RELIGION", ["va à la messe tous les matins"]),
        # the partner's gender phrase, whole
        ("Mme Leroy et sa femme souhaitent souscrire une assurance emprunteur", "SEXUAL", ["sa femme"]),
        # a number that is not a duration stops the span (a ticket, an amount)
        ("sous dialyse 3 fois par semaine, ticket 4471 ouvert", "HEALTH", ["sous dialyse 3 fois par semaine"]),
    ],
)
def test_when_evidence_surrounds_a_trigger_then_the_finding_covers_it(
    detector: Detector, text: str, category: str, expected: list[str]
) -> None:
    assert _texts(detector, text, category) == expected


def test_when_evidence_is_in_two_sentences_then_there_is_one_finding_per_piece(detector: Detector) -> None:
    text = "Sorti de prison en mars. Rappeler lundi pour la box. Pointe au commissariat chaque semaine."
    assert _texts(detector, text, "CRIMINAL") == ["Sorti de prison en mars", "Pointe au commissariat chaque semaine"]


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("M. Garnier a ajouté son mari comme co-titulaire du compte", True),  # a man and his husband
        ("Mme Leroy et sa femme souhaitent souscrire une assurance", True),  # a woman and her wife
        ("Le fils de la cliente vit avec son compagnon depuis 2020", True),  # the nearest person is the son
        ("Mr Hughes called with his husband Tom on the line", True),  # English: the possessive gives the gender
        ("She lives with her girlfriend, wants the broadband in both names", True),  # a woman and her girlfriend
        ("Mme Dupont et son mari ont signé le compromis", False),  # a woman and her husband
        ("Monsieur appelle pour sa femme, qui ne peut pas se déplacer", False),  # a man and his wife
        ("La fille du client et son mari passeront en agence", False),  # the nearest person is the daughter
        ("Elle m'a dit que son mari rappellera", False),  # « m' » is not the title « M. »
        ("He called on behalf of his wife, who is abroad", False),  # a man and his wife
        ("The customer's daughter called her husband", False),  # « her » is the daughter
    ],
)
def test_orientation_from_a_partner_gender(detector: Detector, text: str, flagged: bool) -> None:
    assert ("SEXUAL" in detector.analyze(text, deep=False).categories) is flagged
