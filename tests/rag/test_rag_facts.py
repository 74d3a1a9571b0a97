"""What a question asks for (a delay, a penalty, an article…) and which card sentences state it."""

from __future__ import annotations

import pytest

from assistant.rag import facts


@pytest.mark.parametrize(("question", "kind"), [
    ("Dans quel délai répondre à une demande d'accès ?", facts.DURATION),  # "dans quel délai"
    ("How long can we keep a prospect's data?", facts.DURATION),
    ("Que risque-t-on si on garde des notes sur la santé ?", facts.PENALTY),
    ("What fines apply to a breach?", facts.PENALTY),
    ("Quel article du RGPD encadre le droit d'opposition ?", facts.REFERENCE),
    ("Sur quelle base légale envoyer une newsletter ?", facts.LEGAL_BASIS),
    ("Que faire si un client signale une fuite ?", facts.STEPS),
    ("Dans quels cas peut-on refuser l'effacement ?", facts.CONDITION),
    ("Que doit contenir le registre ?", facts.LIST),
    ("Quelle longueur minimale pour un mot de passe ?", facts.FIGURE),
    ("Combien de caractères pour un mot de passe ?", facts.FIGURE),  # "combien" not followed by a time unit
    ("Peut-on noter la religion d'un client ?", facts.VERDICT),  # a yes/no question
])
def test_when_a_question_asks_for_a_fact_then_its_kind_is_read_from_the_wording(question, kind):
    assert kind in facts.asked(question)


@pytest.mark.parametrize(("question", "kind"), [
    ("Quel délai pour notifier la CNIL ?", facts.VERDICT),  # opens with "quel": more than yes or no
    ("Parle-moi du droit d'accès.", facts.DURATION),  # asks for nothing in particular
    ("Peut-on noter la religion d'un client ?", facts.PENALTY),
    ("En combien de temps répondre à une demande d'effacement ?", facts.FIGURE),  # a duration, not a figure
    ("Combien de jours pour répondre à un client ?", facts.FIGURE),  # the same, counted in days
])
def test_when_a_question_does_not_ask_for_a_kind_then_it_is_not_read(question, kind):
    assert kind not in facts.asked(question)


@pytest.mark.parametrize(("sentence", "kind", "states"), [
    ("La notification intervient au plus tard 72 heures après la découverte.", facts.DURATION, True),
    ("Les prospects se conservent trois ans après le dernier contact.", facts.DURATION, True),  # number in words
    ("Jusqu'à 5 ans d'emprisonnement et 300 000 € d'amende.", facts.DURATION, False),  # a prison term, no delay
    ("Jusqu'à 5 ans d'emprisonnement et 300 000 € d'amende.", facts.PENALTY, True),
    ("Le droit d'opposition est prévu à l'art. 21 du RGPD.", facts.REFERENCE, True),
    ("Le droit d'opposition est prévu à l'art. 21 du RGPD.", facts.FIGURE, False),  # an article number is no figure
    ("Un mot de passe compte au moins 12 caractères.", facts.FIGURE, True),
    ("Le client peut s'opposer à tout moment.", facts.DURATION, False),
])
def test_when_a_sentence_is_tagged_then_only_the_facts_it_states_are_read(sentence, kind, states):
    assert (kind in facts.stated(sentence)) is states


@pytest.mark.parametrize(("question", "about"), [
    ("Quel article du RGPD prévoit le droit d'opposition ?", "le droit d'opposition ?"),
    ("Quel article du RGPD parle des données de santé ?", "données de santé ?"),
    ("Quels textes sanctionnent les insultes ?", "les insultes ?"),
    ("Which GDPR article covers the right to object?", "the right to object?"),
    ("Which article of the GDPR deals with data breaches?", "data breaches?"),
    ("Quelle loi ?", "Quelle loi ?"),  # nothing left after the frame: the question stays whole
    ("Peut-on noter la religion d'un client ?", "Peut-on noter la religion d'un client ?"),  # no frame
])
def test_when_a_question_asks_which_article_then_retrieval_sees_what_it_is_about(question, about):
    assert facts.topic(question) == about


@pytest.mark.parametrize(("question", "kind"), [
    ("How long to reply to an objection to marketing?", facts.DEADLINE),  # doing something: a deadline
    ("On a combien de temps pour effacer les données d'un client ?", facts.DEADLINE),
    ("Combien de temps garder les factures ?", facts.RETENTION),  # keeping: a retention period
    ("How long can we keep call recordings?", facts.RETENTION),
])
def test_when_a_duration_is_asked_then_its_sort_is_read_from_the_verb(question, kind):
    other = facts.RETENTION if kind == facts.DEADLINE else facts.DEADLINE
    assert kind in facts.asked(question) and other not in facts.asked(question)


@pytest.mark.parametrize(("sentence", "kind"), [
    ("Objecting is free and handled within one month at most (Art. 12(3)).", facts.DEADLINE),
    ("Factures et pièces comptables : 10 ans.", facts.RETENTION),  # a duration that is no deadline
    ("Les enregistrements se conservent au maximum 6 mois.", facts.RETENTION),
])
def test_when_a_sentence_states_a_duration_then_its_sort_is_tagged(sentence, kind):
    assert {facts.DURATION, kind} <= facts.stated(sentence)
