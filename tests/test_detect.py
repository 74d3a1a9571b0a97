"""The detector end to end, with the real lexicons: what flags, what must not, and how it is explained."""

from __future__ import annotations

import pytest

from assistant.detect import Detector
from assistant.errors import InputError


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Cliente de confession juive, rappeler jeudi", "RELIGION"),  # the 2015 CNIL case
        ("Monsieur avec un fort accent africain, difficile à comprendre", "ORIGIN"),  # the 2015 CNIL case
        ("n'a pas de cerveau, a rappelé trois fois", "INSULT"),  # the 2015 CNIL case
        ("client sous chimio, décaler l'échéance", "HEALTH"),  # treatment
        ("délégué CGT dans son entreprise, veut un devis", "UNION"),  # union role
        ("cliente d'origine maghrébine, livraison samedi", "ORIGIN"),  # stated origin
        ("fait le ramadan, préfère être appelé après 18h", "RELIGION"),  # practice stated as such
        ("sort de prison, pas de justificatif de domicile", "CRIMINAL"),  # Art. 10
        ("porte le voile, refuse la photo", "RELIGION"),  # dress stated as religious
        ("militant RN, très remonté", "POLITICAL"),  # party membership
        ("client homosexuel, vit avec son compagnon", "SEXUAL"),  # orientation
        ("Customer is on chemo, wants a payment holiday", "HEALTH"),  # English
        ("Caller is a shop steward at the plant", "UNION"),  # English union role
        ("Jewish customer, call back on Friday morning", "RELIGION"),  # English belief
        # idioms and implicit wordings no single keyword carries
        ("Le locataire n'a pas inventé la poudre, index relevé sur le mauvais compteur.", "INSULT"),
        ("She's not the sharpest knife in the drawer, explained the bill twice.", "INSULT"),
        ("Adhérente suivie à Gustave-Roussy, décaler le prélèvement.", "HEALTH"),  # a cancer centre
        ("Il tient le stand de LFI au marché le samedi, livrer en semaine.", "POLITICAL"),
        ("Caller says he's GMB and wants the union rate.", "UNION"),
        ("Virement mensuel à la mosquée du quartier, plafond à relever.", "RELIGION"),  # a donation
        ("Réservation pour M. Petit et M. Roux, qui disent être en couple, un grand lit.", "SEXUAL"),
        ("Pas étonnant avec ce nom, il a contesté chaque ligne de la facture.", "ORIGIN"),  # a name as origin
        ("Un gréviste professionnel, a encore contesté la facture d'eau.", "INSULT"),  # a sneer at a union member
    ],
)
def test_when_sensitive_then_flagged_with_its_category(detector: Detector, text: str, category: str) -> None:
    analysis = detector.analyze(text)
    assert analysis.flag
    assert category in analysis.categories


@pytest.mark.parametrize(
    "text",
    [
        "Client mécontent, a haussé le ton et menace de résilier",  # factual behaviour is allowed
        "A raccroché au nez de l'agent, rappeler demain",  # factual behaviour is allowed
        "Livraison au 3 rue de l'Église, 69003 Lyon",  # street name
        "Contacter le syndic de copropriété pour l'accès au local",  # organisation, not a union
        "Je suis malade de ce retard, dit la cliente",  # figurative use
        "Livraison en rez-de-chaussée demandée, cde 4521",  # a need without its sensitive reason
        "Le client dit que notre service est nul",  # the customer's own remark about the company
        "Commande de café Carte Noire x3, écran noir sur la TV",  # product words
    ],
)
def test_when_allowed_then_not_flagged(detector: Detector, text: str) -> None:
    analysis = detector.analyze(text)
    assert not analysis.flag, analysis.findings


@pytest.mark.parametrize(
    ("text", "entity", "flag"),
    [
        ("Payé avec la CB 4970 1012 3456 7893", "CREDIT_CARD", True),  # card numbers flag
        ("RIB FR76 3000 6000 0112 3456 7890 189 reçu", "IBAN_CODE", True),  # IBANs flag
        ("NIR 1 85 05 78 006 084 91 pour le dossier", "FR_NIR", True),  # NIRs flag
        ("Rappeler au 06 12 34 56 78", "PHONE_NUMBER", False),  # phones are normal CRM data
        ("Envoyer le devis à paul.morel@exemple.fr", "EMAIL_ADDRESS", False),  # so are e-mails
    ],
)
def test_flag_rule_for_identifiers(detector: Detector, text: str, entity: str, flag: bool) -> None:
    analysis = detector.analyze(text, "fr")
    assert entity in {f.type for f in analysis.findings}
    assert analysis.flag is flag


def test_when_french_comment_then_reason_is_french_and_names_the_article(detector: Detector) -> None:
    finding = next(f for f in detector.analyze("client sous chimio").findings if f.type == "HEALTH")
    assert finding.reason == "Donnée de santé — RGPD art. 9(1)"
    assert finding.text == "sous chimio"


def test_when_english_comment_then_reason_is_english(detector: Detector) -> None:
    finding = next(f for f in detector.analyze("The customer is pregnant").findings if f.type == "HEALTH")
    assert finding.reason == "Health data — GDPR art. 9(1)"


@pytest.mark.parametrize(
    "text",
    [
        "Cliente de confession juive, CB 4970 1012 3456 7893, a traité l'agent d'abruti",
        "Customer on chemo, Jewish, card 4556 7375 8001 9005",
        "remboursement sur NL91 ABNA 0417 1643 00",  # the shortest IBAN: 12 digits, the fast path's floor
        "NIR 2 84 05 2A 004 012 69 pour le dossier",  # Corsican NIR: 13 digits and « 2A »
    ],
)
def test_fast_path_flags_exactly_like_the_full_path(detector: Detector, text: str) -> None:
    deep, fast = detector.analyze(text), detector.analyze(text, deep=False)
    assert deep.flag
    assert (fast.flag, fast.categories) == (deep.flag, deep.categories)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),  # nothing to check
        ("   \n ", "empty"),  # only whitespace
        ("x" * 20_000, "limit"),  # longer than max_text_chars
        (b"\xff\xfe\x00\x00", "UTF-8"),  # bytes that are not text
    ],
)
def test_when_input_is_bad_then_a_clear_error(detector: Detector, text: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        detector.analyze(text)
