"""The rules rewrite: sensitive clauses cut cleanly, identifiers replaced, facts kept, never flagged."""

from __future__ import annotations

import pytest

from assistant.detect import detect
from assistant.rewrite.facts import extract_facts, has_fact
from assistant.rewrite.rules import rules_rewrite
from assistant.rewrite.tidy import tidy

CASES = [
    # the brief's example: a modifier phrase goes, the sentence stays whole
    ("Cliente de confession juive, souhaite un RDV le 12/03", "fr", "Cliente souhaite un RDV le 12/03"),
    # a real need stays, its sensitive reason goes
    ("Merci de prévoir une livraison en rez-de-chaussée car en fauteuil roulant.", "fr",
     "Merci de prévoir une livraison en rez-de-chaussée."),
    # a copula predicate with a coordinated clause: the subject keeps the other verb
    ("Le client est diabétique et souhaite une livraison le 14/05.", "fr",
     "Le client souhaite une livraison le 14/05."),
    ("Customer is pregnant and asked to move the delivery of order 88213 to 3 June.", "en",
     "Customer asked to move the delivery of order 88213 to 3 June."),
    # an apposition between commas goes with both commas
    ("Mr Smith, a devout Muslim, wants a refund for order 5521.", "en", "Mr Smith wants a refund for order 5521."),
    # a leading sensitive sentence goes whole
    ("Vote RN. Dde de résiliation.", "fr", "Dde de résiliation."),
    # a cut opening leaves a verb without subject: a neutral one comes in, the kept words keep their case
    ("Pregnant, needs an aisle seat please, booking 77-1020.", "en",
     "Customer needs an aisle seat please, booking 77-1020."),
    # an insulting noun after its determiner becomes a neutral one
    ("encore le bougnoule du 3e étage qui se plaint de l'ascenseur en panne.", "fr",
     "encore le client du 3e étage qui se plaint de l'ascenseur en panne."),
    # identifiers: a label opening the comment goes with the number, card expiry included
    ("card no. 5555-7501-9920-4536 exp 11/26 for the deposit, booking CR-10092", "en",
     "Bank details provided for the deposit, booking CR-10092"),
    # a label inside the sentence stays, the number becomes a mention in brackets
    ("Changement de RIB -> FR76 3000 6000 0112 3456 7890 189. Effet prochaine échéance 05/06.", "fr",
     "Changement de RIB -> (coordonnées bancaires communiquées). Effet prochaine échéance 05/06."),
    ("Mme Perrin donne son numéro de sécurité sociale 1 85 05 78 006 084 91 pour le remboursement.", "fr",
     "Mme Perrin donne son numéro de sécurité sociale (communiqué) pour le remboursement."),
]


@pytest.mark.parametrize(("text", "lang", "expected"), CASES)
def test_when_flagged_comment_rewritten_by_rules_then_expected_sentence(
    settings, text: str, lang: str, expected: str
) -> None:
    analysis = detect(text, lang, settings=settings)
    assert analysis.flag
    assert rules_rewrite(analysis, settings=settings) == expected


HARD = [
    # insult at the start, parsed badly by spaCy: the segment goes, the fact stays
    ("grosse connasse qui se croit tout permis, a encore appelé pour la commande 4471.", "fr"),
    # several categories in one comment
    ("Maghrébin, fait le ramadan, veut décaler son prélèvement au 10 du mois.", "fr"),
    # all capitals: the parser is lost, the loop still makes it compliant
    ("ATTENTION CLIENT ROUMAIN, NE PAS ACCORDER DE FACILITÉ DE PAIEMENT. Impayé 2 mois sur contrat MOB-331207.", "fr"),
    # nothing but sensitive content: a neutral notice, never an empty or flagged text
    ("Musulman pratiquant.", "fr"),
    ("On probation, can't leave the county — wants to cancel booking TRV-55310, refund £640 requested.", "en"),
    # the sensitive words sit inside the clause holding the facts
    ("Client hospitalisé du 3 au 12 mars, rappeler après le 15/03 au 06 12 34 56 78.", "fr"),
]


@pytest.mark.parametrize(("text", "lang"), HARD)
def test_when_rules_rewrite_any_flagged_comment_then_not_flagged_and_facts_kept(
    settings, text: str, lang: str
) -> None:
    analysis = detect(text, lang, settings=settings)
    assert analysis.flag
    rewritten = rules_rewrite(analysis, settings=settings)
    assert rewritten.strip()
    assert not detect(rewritten, lang, settings=settings).flag
    for fact in extract_facts(analysis):
        assert has_fact(rewritten, fact), fact


def test_when_comment_is_clean_then_rules_return_it_as_is(settings) -> None:
    text = "Client mécontent, menace de résilier le contrat C-2291."
    assert rules_rewrite(detect(text, settings=settings), settings=settings) == text


@pytest.mark.parametrize(
    ("cut", "expected"),
    [
        ("Cliente , souhaite un RDV", "Cliente, souhaite un RDV"),  # no space before a comma
        (". Dde de résiliation.", "Dde de résiliation."),  # orphan full stop
        ("Merci de livrer car .", "Merci de livrer."),  # a dangling « car » goes
        ("wants (, ) a refund", "wants a refund"),  # empty brackets go
        ("vit avec sa compagne), veut un contrat", "vit avec sa compagne, veut un contrat"),  # lone bracket
        ("email only please. Router replaced", "email only please. Router replaced"),  # kept words keep their case
    ],
)
def test_when_text_tidied_then_punctuation_repaired_and_words_untouched(cut: str, expected: str) -> None:
    assert tidy(cut) == expected
