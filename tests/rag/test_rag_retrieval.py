"""Retrieval over the repository's cards with the real embedder: the right card, in the question's language."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.rag.answer import answer_question
from assistant.rag.lexical import LexicalIndex, terms
from assistant.rag.retriever import hub_penalties, topic_of


@pytest.mark.parametrize(
    ("question", "lang", "card"),
    [
        # deadline question worded differently from the card title
        ("Sous combien de temps faut-il notifier une violation de données à la CNIL ?", "fr",
         "art33-notification-violation-cnil"),
        ("Un client demande une copie de toutes ses données, que doit-on lui envoyer ?", "fr", "art15-droit-acces"),
        # identifier named in full, card uses the acronym NIR
        ("Peut-on inscrire le numéro de sécurité sociale d'un client dans un commentaire ?", "fr",
         "nir-securite-sociale-crm"),
        ("Doit-on consulter Bloctel avant d'appeler des prospects ?", "fr", "prospection-telephonique-bloctel"),
        # English questions must come back with the English twin of the card
        ("Can we keep a customer's credit card number in the CRM notes?", "en", "carte-bancaire-crm-en"),
        ("Do we have to appoint a data protection officer?", "en", "dpo-delegue-protection-donnees-en"),
        ("Can a customer ask us to delete all their data?", "en", "art17-effacement-en"),
        # a scenario, not a definition: the breach card answers it through its questions
        ("Une clé USB avec des données clients a été perdue, que faut-il faire ?", "fr",
         "art33-notification-violation-cnil"),
        # "which article…" frames are the same for every topic: what follows them decides (not the art. 9 card)
        ("Quel article du RGPD prévoit le droit d'opposition ?", "fr", "art21-opposition"),
        ("Which GDPR article covers the right to object?", "en", "art21-opposition-en"),
    ],
)
def test_when_question_is_asked_then_the_matching_card_comes_first_in_its_language(
        real_retriever, question, lang, card):
    best = real_retriever.retrieve(question, lang, 3)[0]
    assert best.passage.id == card and best.passage.lang == lang


def test_when_a_topic_exists_in_both_languages_then_only_one_version_is_returned(real_retriever):
    hits = real_retriever.retrieve("Combien de temps garder les données d'un prospect ?", "fr", 6)
    topics = [topic_of(hit.passage) for hit in hits]
    assert len(topics) == len(set(topics)) and all(hit.passage.lang == "fr" for hit in hits)


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Quelle équipe a gagné la coupe du monde 1998 ?", "fr"),  # sport
        ("Donne-moi une recette de crêpes.", "fr"),  # cooking
        ("Quel film regarder ce soir ?", "fr"),  # leisure
        ("How do I change a flat tyre?", "en"),  # car repair
        ("What is the capital of Australia?", "en"),  # general knowledge
    ],
)
def test_when_question_is_out_of_scope_then_it_is_declined(real_retriever, real_settings, question, lang):
    answer = answer_question(question, settings=real_settings, retriever=real_retriever)
    assert answer.declined and answer.lang == lang and not answer.sources


@pytest.mark.parametrize(
    ("question", "declined"),
    [
        ("How do I reset my Windows password?", True),  # IT support: shares "password" with the password card
        ("Quel est le SMIC horaire cette année ?", True),  # labour law
        ("Quelle longueur minimale pour un mot de passe selon la CNIL ?", False),  # the password card's topic
        ("How long must a password be for our CRM accounts?", False),  # the same in English, informal
        ("Peut-on écrire dans la fiche qu'un client est en retard de paiement ?", False),  # a comment question
    ],
)
def test_when_a_near_miss_sounds_like_a_card_then_only_the_off_topic_one_is_declined(
        real_retriever, real_settings, question, declined):
    answer = answer_question(question, settings=real_settings, retriever=real_retriever)
    assert answer.declined is declined


@pytest.mark.parametrize(
    ("question", "lang", "card"),
    [
        # neighbours: the breach card for the CNIL, the other one for the customers themselves
        ("Après un piratage, doit-on aussi écrire à chaque client touché ?", "fr",
         "art34-information-personnes-violation"),
        # a firm acting for a customer, not an identity check
        ("Un cabinet d'avocats demande le dossier d'un de nos clients, que vérifier ?", "fr",
         "demandes-droits-par-un-tiers"),
        # reporting a leak to the regulator, not telling the customers
        ("Do we have to report a data leak to the regulator, and how fast?", "en",
         "art33-notification-violation-cnil-en"),
    ],
)
def test_when_neighbour_cards_share_the_question_shape_then_the_one_holding_its_key_words_comes_first(
        real_retriever, question, lang, card):
    assert real_retriever.retrieve(question, lang, 3)[0].passage.id == card


def test_when_answered_then_every_source_was_retrieved(real_retriever, real_settings):
    question = "Combien de temps a-t-on pour répondre à une demande d'accès ?"
    answer = answer_question(question, settings=real_settings, retriever=real_retriever)
    retrieved = {hit.passage.doc_id for hit in real_retriever.retrieve(question, "fr", real_settings.retrieval_k)}
    assert not answer.declined and answer.sources and {s.id for s in answer.sources} <= retrieved


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Données PERSONNELLES", ["donn", "personn"]),  # accents and case folded, plural and feminine stripped
        ("Le client et la CNIL", ["client", "cnil"]),  # function words dropped
        ("rédigé rédiger", ["redig", "redig"]),  # verb forms meet
        ("art. 9 du RGPD", ["art", "9", "rgpd"]),  # digits kept, even single ones
    ],
)
def test_when_text_is_tokenised_then_terms_are_folded_stems(text, expected):
    assert terms(text) == expected


def test_when_a_query_shares_rare_words_then_bm25_ranks_that_text_first():
    index = LexicalIndex(["Le registre des traitements", "La durée de conservation des prospects", "Le DPO"])
    scores = index.scores("conservation prospects")
    assert scores.index(max(scores)) == 1 and scores[0] == scores[2] == 0.0


def test_when_a_card_is_close_to_many_others_then_it_gets_the_hub_penalty():
    vectors = {
        "general": np.array([0.6, 0.6, 0.53]),  # near every card: a hub
        "general-en": np.array([0.6, 0.6, 0.53]),  # its own translation must not count as a neighbour
        "bloctel": np.array([1.0, 0.0, 0.0]),
        "sante": np.array([0.0, 1.0, 0.0]),
        "nir": np.array([0.0, 0.0, 1.0]),
    }
    topics = {pid: pid.removesuffix("-en") for pid in vectors}
    penalties = hub_penalties(vectors, topics, neighbours=2)
    assert penalties["general"] > 0 > penalties["nir"]
    assert penalties["general"] == pytest.approx(penalties["general-en"])
    assert sum(penalties.values()) == pytest.approx(0.0)  # centred: the average card keeps its score


def test_when_asked_to_erase_comments_then_erasure_answers_without_the_access_card_yes(real_retriever, real_settings):
    # the question that once got "Oui : … droit d'accès (art. 15)" from the access card
    question = "Un client peut-il exiger qu'on supprime les commentaires écrits sur lui dans le CRM ?"
    answer = answer_question(question, settings=real_settings, retriever=real_retriever)
    assert answer.sources[0].id == "art17-effacement" and "[1]" in answer.body.split("\n\n")[0]
    assert not answer.body.startswith(("Oui", "Non")) and answer.matched_question


@pytest.mark.parametrize(
    ("question", "lang", "card", "fact"),
    [
        # a representative: the mandate is what the agent must check
        ("Un avocat écrit au nom d'un client pour obtenir ses données, que vérifier ?", "fr",
         "demandes-droits-par-un-tiers", "mandat"),
        # retention of an ID copy: the duration is the fact asked
        ("Combien de temps garder la photocopie d'une pièce d'identité reçue avec une demande d'accès ?", "fr",
         "verification-identite-demandes", "1 an"),
        # the CNIL's password rule, asked in English
        ("What minimum length should a CRM password have?", "en", "mots-de-passe-authentification-en",
         "12 characters"),
        # what to do once the number is written: the step, not only the rule
        ("Le numéro de carte bleue d'un client est noté en clair dans un commentaire, on fait quoi ?", "fr",
         "carte-bancaire-crm", "Supprimer"),
        ("How long does a Bloctel registration last?", "en", "prospection-telephonique-bloctel-en", "3 years"),
    ],
)
def test_when_a_gap_card_is_asked_then_it_answers_first_with_its_key_fact(
        real_retriever, real_settings, question, lang, card, fact):
    answer = answer_question(question, lang, settings=real_settings, retriever=real_retriever)
    assert answer.sources[0].id == card
    assert fact in answer.body
