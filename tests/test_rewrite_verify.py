"""verify(original, candidate): a candidate passes only when compliant, faithful and invents nothing."""

from __future__ import annotations

import pytest

from assistant.detect import detect
from assistant.rewrite.facts import extract_facts, has_fact
from assistant.rewrite.verify import hopeless, new_names, verify

ORIGINAL_FR = "Cliente de confession juive, souhaite un RDV le 12/03 pour la commande CMD-4471 (89,90 €)."
ORIGINAL_EN = "Customer is pregnant and asked to move the delivery of order 88213 to 3 June."
CARD_FR = "Paiement carte 4970 1012 3456 7893 exp 11/27, commande 5520 validée."
SYMPTOM_FR = "Client schizophrène, entend des voix au téléphone, veut résilier la ligne fixe, contrat C-2291."
TORY_EN = "Tory voter apparently. Claim for delayed flight BA304 — €250 compensation approved."
REHAB_EN = "Customer is in rehab and can't take calls, so e-mail only about order 5521 and the refund."


def _verdict_naming(settings, original: str, candidate: str, expected_problem: str | None):
    """The verdict on `candidate`, asserted to pass (None) or to fail with a problem naming `expected_problem`."""
    verdict = verify(detect(original, settings=settings), candidate, settings=settings)
    if expected_problem is None:
        assert verdict.ok, verdict.problems
    else:
        assert not verdict.ok
        assert any(expected_problem in problem for problem in verdict.problems), verdict.problems
    return verdict


@pytest.mark.parametrize(
    ("original", "candidate", "expected_problem"),
    [
        # the sensitive clause is gone and every fact is there
        (ORIGINAL_FR, "Cliente souhaite un RDV le 12/03 pour la commande CMD-4471 (89,90 €).", None),
        (ORIGINAL_EN, "Customer asked to move the delivery of order 88213 to 3 June.", None),
        # the card number became the neutral mention; the expiry date is card data, not a fact to keep
        (CARD_FR, "Paiement carte (coordonnées bancaires communiquées), commande 5520 validée.", None),
        # the model copied the comment: still flagged
        (ORIGINAL_FR, ORIGINAL_FR, "donnée sensible"),
        (ORIGINAL_EN, ORIGINAL_EN, "sensitive data"),
        (CARD_FR, CARD_FR, "donnée sensible"),
        # an order number went missing
        (ORIGINAL_FR, "Cliente souhaite un RDV le 12/03 (89,90 €).", "« CMD-4471 »"),
        # the date went missing
        (ORIGINAL_EN, "Customer asked to move the delivery of order 88213.", "“3 June”"),
        # a number the comment never had
        (ORIGINAL_FR, "Cliente souhaite un RDV le 12/03 à 15h pour la commande CMD-4471 (89,90 €).", "nombre 15"),
        # a name the comment never had
        (ORIGINAL_EN, "Customer Johnson asked to move the delivery of order 88213 to 3 June.", "Johnson"),
        # nothing at all
        (ORIGINAL_FR, "   ", "vide"),
        # far longer than the comment: the model rambled
        (ORIGINAL_EN, "Customer asked to move the delivery of order 88213 to 3 June. " * 4, "too long"),
        # a looping model repeats itself
        (ORIGINAL_EN, "Customer asked to move the delivery, to move the delivery of order 88213 to 3 June.", "repeats"),
        # brackets the comment never had (the model echoed a markup)
        (ORIGINAL_FR, "Cliente [supprimé] souhaite un RDV le 12/03 pour la commande CMD-4471 (89,90 €).", "signes"),
        # a story of its own: words the comment does not have
        (ORIGINAL_EN, "Customer politely asked us yesterday evening to move the delivery of order 88213 to 3 June.",
         "adds words"),
        # most of the comment is gone although the facts survive
        ("Client diabétique, a oublié de payer sa facture malgré trois relances : frais annulés (7,50 €).",
         "Facture : frais (7,50 €).", "perd"),
        # the label went but the symptom of the same statement stayed
        (SYMPTOM_FR, "Client entend des voix au téléphone, veut résilier la ligne fixe, contrat C-2291.",
         "« entend »"),
        # the whole statement went: no coverage lost for it
        (SYMPTOM_FR, "Client veut résilier la ligne fixe, contrat C-2291.", None),
        # so did the statement of a coordinated clause; the need stayed
        (REHAB_EN, "Customer can't take calls, so e-mail only about order 5521 and the refund.", None),
        # the label's evidence span runs on over its own phrase (« Tory voter »): the rest of it is the statement
        (TORY_EN, "Voter apparently. Claim for delayed flight BA304 — €250 compensation approved.", "“voter”"),
        (TORY_EN, "Claim for delayed flight BA304 — €250 compensation approved.", None),
        # the subject went with the statement and a connector now opens the sentence
        (REHAB_EN, "and can't take calls, so e-mail only about order 5521 and the refund.", "connector"),
        # a parenthetical lost its opening
        (ORIGINAL_FR, "Cliente souhaite un RDV le 12/03) pour la commande CMD-4471 (89,90 €).", "parenthèse"),
        # the leftover of a cut opens with punctuation
        (ORIGINAL_FR, ", souhaite un RDV le 12/03 pour la commande CMD-4471 (89,90 €).", "ponctuation"),
        # an article with no noun after it
        (ORIGINAL_FR, "Cliente souhaite un RDV le 12/03 pour la commande CMD-4471 (89,90 €) avec la.", "article"),
    ],
)
def test_when_candidate_checked_then_verdict_names_the_problem(
    settings, original: str, candidate: str, expected_problem: str | None
) -> None:
    verdict = _verdict_naming(settings, original, candidate, expected_problem)
    if expected_problem is None:
        assert verdict.problems == ()


@pytest.mark.parametrize(
    ("original", "candidate", "expected_problem"),
    [
        # each clause the rules remove with its statement must go from a model's candidate too
        ("Juive pratiquante, refuse de parler à un technicien homme. Intervention box prévue le 18/06.",
         "La cliente refuse de parler à un technicien homme. Intervention box prévue le 18/06.",
         "passage sensible"),
        ("Total nutcase, claims the government reads his post through the router. Router swap on 12/06, ticket 5519.",
         "The customer claims the government reads his post through the router. Router swap on 12/06, ticket 5519.",
         "sensitive statement"),
        ("Client d'origine turque, typique de chez eux, on a discuté des prix pendant 15 min. Abonnement fibre "
         "activé le 02/05.", "On a discuté des prix pendant 15 min. Abonnement fibre activé le 02/05.",
         "passage sensible"),
        ("Juive pratiquante, refuse de parler à un technicien homme. Intervention box prévue le 18/06.",
         "Intervention box prévue le 18/06.", None),
        ("Militant communiste, refuse de signer l'avenant par principe. Relance envoyée le 14/03.",
         "Le client refuse de signer l'avenant par principe. Relance envoyée le 14/03.", "passage sensible"),
        ("Born again Christian, set up a standing order of £40 for the tithe. First payment 3 March.",
         "The customer set up a standing order of £40 for the tithe. First payment 3 March.", "sensitive statement"),
        # an inability at given hours, a cause clause, a sanction: they go with their statement, hours included
        ("Sous contrôle judiciaire donc ne peut pas sortir après 19h, livraison entre 9h et 11h, cde 22-118.",
         "Le client ne peut pas sortir après 19h, livraison entre 9h et 11h, cde 22-118.", "passage sensible"),
        ("Sous contrôle judiciaire donc ne peut pas sortir après 19h, livraison entre 9h et 11h, cde 22-118.",
         "Livraison entre 9h et 11h, cde 22-118.", None),
        ("Cliente en fauteuil roulant, veut livraison au rez-de-chaussée car elle ne peut pas monter les marches.",
         "Cliente veut livraison au rez-de-chaussée car elle ne peut pas monter les marches.", "passage sensible"),
        ("Thief - caught stealing in the Bristol shop in May. Banned from store. Phone orders fine.",
         "Banned from store. Phone orders fine.", "sensitive statement"),
    ],
)
def test_when_candidate_keeps_an_elaboration_the_rules_remove_then_it_fails(
    settings, original: str, candidate: str, expected_problem: str | None
) -> None:
    _verdict_naming(settings, original, candidate, expected_problem)


def test_when_sensitive_phrase_is_reworded_around_its_words_then_it_is_still_rejected(settings) -> None:
    # The lexicon phrase no longer matches once a word changes, but the candidate says the same thing.
    analysis = detect("A manifesté contre la réforme des retraites, RDV reporté au 14/03.", settings=settings)
    assert analysis.flag
    candidate = "Client manifesté contre la réforme des retraites, RDV reporté au 14/03."
    verdict = verify(analysis, candidate, settings=settings)
    assert not verdict.ok
    assert any("doit disparaître" in problem for problem in verdict.problems)


def test_when_sensitive_wording_survives_without_a_person_word_then_it_is_still_rejected(settings) -> None:
    # « marocain » alone may not flag (contextual term), but it was sensitive in this comment.
    analysis = detect("Client marocain, souhaite un devis pour la cuisine 3 m.", settings=settings)
    assert analysis.flag
    verdict = verify(analysis, "Marocain, souhaite un devis pour la cuisine 3 m.", settings=settings)
    assert not verdict.ok


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        # order code, date, amount, e-mail and phone are facts
        ("Cde CMD-4471 du 12/03, 89,90 €, mail a.b@exemple.fr, tél 06 12 34 56 78.",
         ["CMD-4471", "12/03", "89,90 €", "a.b@exemple.fr", "06 12 34 56 78"], []),
        # dates written with a month name stay whole
        ("Move order 88213 to 3 June, call back on March 4th.", ["88213", "3 June", "March 4th"], []),
        # the card number and its expiry are not facts to keep
        (CARD_FR, ["5520"], ["4970 1012 3456 7893", "11/27"]),
    ],
)
def test_when_facts_extracted_then_numbers_dates_and_contacts_found_outside_sensitive_spans(
    settings, text: str, present: list[str], absent: list[str]
) -> None:
    facts = extract_facts(detect(text, settings=settings))
    for fact in present:
        assert fact in facts
    for fact in absent:
        assert not any(fact in found for found in facts)


@pytest.mark.parametrize(
    ("text", "fact", "expected"),
    [
        ("commande 4471 livrée", "4471", True),  # whole token
        ("commande 44712 livrée", "4471", False),  # a prefix of another number is not the fact
        ("montant 89,90\u00a0€", "89,90 €", True),  # non-breaking space counts as a space
    ],
)
def test_when_fact_searched_then_only_whole_tokens_count(text: str, fact: str, expected: bool) -> None:
    assert has_fact(text, fact) is expected


@pytest.mark.parametrize(
    ("original", "candidate", "people", "expected"),
    [
        ("client mécontent", "Client mécontent.", [], []),  # a capital at the start is no name
        ("box en panne", "Difficulté avec la box.", [], []),  # a new common word opening a sentence
        ("client mécontent", "Client Martin mécontent.", [], ["Martin"]),  # a capital inside a sentence
        ("client mécontent", "Jean mécontent.", ["Jean"], ["Jean"]),  # at the start, when NER saw a person
        ("Appel de M. Haddad", "Appel de M. Haddad.", ["M. Haddad"], []),  # a name of the original is fine
    ],
)
def test_when_candidate_has_capitalised_words_then_only_unknown_ones_are_new_names(
    original: str, candidate: str, people: list[str], expected: list[str]
) -> None:
    assert new_names(original, candidate, people) == expected


@pytest.mark.parametrize(
    ("partial", "expected"),
    [
        ("Customer asked to move", False),  # a good start: keep generating
        ("Customer asked to move order 88", False),  # a number still being written is not judged yet
        ("Customer is pregnant", True),  # already flags: nothing after can repair it
        ("Customer asked on 12 May", True),  # a finished number the comment never had
        ("Customer [removed] asked", True),  # markup the comment does not have
        ("Paid by card, delivery confirmed, refund issued, account closed, voucher sent", True),  # its own story
    ],
)
def test_when_reply_still_generating_then_hopeless_only_if_no_continuation_can_pass(
    settings, partial: str, expected: bool
) -> None:
    assert hopeless(detect(ORIGINAL_EN, settings=settings), partial, settings=settings) is expected


@pytest.mark.parametrize(
    ("partial", "expected"),
    [
        ("Client veut résilier", False),  # a good start
        ("Client ent", False),  # « ent » may still become another word: not judged yet
        ("Client entend ", True),  # a finished word of the removed statement: stop generating
    ],
)
def test_when_reply_copies_a_removed_statement_then_generation_stops_at_its_first_finished_word(
    settings, partial: str, expected: bool
) -> None:
    assert hopeless(detect(SYMPTOM_FR, settings=settings), partial, settings=settings) is expected


BOOKING_FR = "Client débile, a raccroché 3 fois. Retrait 2 000 € effectué au guichet le 04/03, offre Fibre Max."
BRAILLE_FR = "Client malvoyant, souhaite recevoir ses relevés en braille, contrat C-2291."


@pytest.mark.parametrize(
    ("original", "candidate", "expected_problem"),
    [
        # every fact of the rules rewrite is there, moved around: a candidate may reorder
        (BOOKING_FR, "Le 04/03, retrait 2 000 € effectué au guichet, offre Fibre Max. Client a raccroché 3 fois.",
         None),
        # a bare number the rules keep (« 3 fois ») is a fact too
        (BOOKING_FR, "Client a raccroché. Retrait 2 000 € effectué au guichet le 04/03, offre Fibre Max.", "« 3 »"),
        # the amount stayed but lost the noun that says what it is
        (BOOKING_FR, "Client a raccroché 3 fois. 2 000 € effectué au guichet le 04/03, offre Fibre Max.",
         "« Retrait 2 000 € »"),
        # a product name inside the sentence is a business fact
        (BOOKING_FR, "Client a raccroché 3 fois. Retrait 2 000 € effectué au guichet le 04/03, offre Max.",
         "« Fibre »"),
        # a kept word misspelled (« efectué ») is no longer the comment's word
        (BOOKING_FR, "Client a raccroché 3 fois. Retrait 2 000 € efectué au guichet le 04/03, offre Fibre Max.",
         "« efectué »"),
        # a phone number kept digit by digit but split in two is no longer the number
        ("Customer is pregnant, added roaming to 07700 900417 at £2.50/day.",
         "The customer added roaming to 07700, 900417 at £2.50/day.", "“07700 900417”"),
        # every fact is there but the request the rules keep is gone (« veut retourner », « retour par colis »)
        ("Cliente obèse, veut retourner un article acheté en ligne, cde 338-901 -> retour par colis uniquement.",
         "La cliente a un article acheté, cde 338-901.", "perd"),
        # the need stayed but still names its reason
        (BRAILLE_FR, "Client souhaite recevoir ses relevés en braille, contrat C-2291.", "braille"),
        # the neutral need passes
        (BRAILLE_FR, "Client souhaite recevoir ses relevés en format accessible, contrat C-2291.", None),
    ],
)
def test_when_candidate_keeps_less_than_the_rules_then_it_fails(
    settings, original: str, candidate: str, expected_problem: str | None
) -> None:
    _verdict_naming(settings, original, candidate, expected_problem)
