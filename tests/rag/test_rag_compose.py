"""Composed answers: the sentences that address the question, from one card or several, each cited to its card."""

from __future__ import annotations

import pytest

from assistant.rag.compose import (
    BEST_CARD_WINDOW,
    OTHER_CARD_FOCUS,
    YES_NO_MATCH,
    Evidence,
    compose,
    parts,
    without_yes_no,
)
from assistant.rag.passage import CARD, Passage, split_sentences


def _card(card_id: str, title: str, article: str) -> Passage:
    return Passage(id=card_id, doc_id=card_id, kind=CARD, lang="fr", title=title, source="https://www.cnil.fr/",
                   text=title, digest=card_id, articles=(f"RGPD art. {article}",))


ACCESS = _card("acces", "Droit d'accès", "15")
ERASURE = _card("effacement", "Droit à l'effacement", "17")
BREACH = _card("violation", "Violation de données", "33")


def _evidence(passage: Passage, sentences: list[tuple[str, float]], *, summary: int = 1,
              question_score: float = 0.5, focus: float = 1.0) -> Evidence:
    return Evidence(passage, tuple(sentences), summary, f"Question de {passage.id} ?", question_score, focus)


def test_when_a_key_point_answers_the_question_then_it_is_chosen_over_unrelated_points():
    evidence = [_evidence(BREACH, [
        ("La violation est notifiée à la CNIL.", 0.6),
        ("Le registre des violations est tenu à jour.", 0.1),
        ("La notification intervient au plus tard 72 heures après la découverte.", 0.8),
        ("Les agents sont formés chaque année.", 0.0),
    ])]
    draft = compose("Quel délai pour notifier la CNIL ?", "fr", evidence)
    texts = [statement.text for statement in draft.statements]
    assert "La notification intervient au plus tard 72 heures après la découverte." in texts
    assert "Les agents sont formés chaque année." not in texts  # nothing to do with the question
    assert texts == sorted(texts, key=[s for s, _ in evidence[0].sentences].index)  # the card's own order


def test_when_the_question_spans_two_topics_then_both_cards_speak_and_each_sentence_cites_its_card():
    evidence = [
        _evidence(ERASURE, [("Le client peut faire effacer ses données.", 0.8), ("Détail sans rapport.", 0.0)]),
        _evidence(BREACH, [("Une fuite se notifie sous 72 heures.", 0.8), ("Autre détail.", 0.0)]),
    ]
    draft = compose("Après une fuite, le client peut-il faire effacer ses données ?", "fr", evidence)
    assert draft.used == (ERASURE, BREACH)
    assert draft.body == "Le client peut faire effacer ses données. [1]\n\nUne fuite se notifie sous 72 heures. [2]"
    assert draft.sources_line == ("Sources : [1] Droit à l'effacement (RGPD art. 17) ; "
                                  "[2] Violation de données (RGPD art. 33).")
    assert draft.matched_question == "Question de effacement ?"  # the first card's question was answered


@pytest.mark.parametrize(("focus", "speaks"), [
    (OTHER_CARD_FOCUS, True),  # the second topic holds enough of the question's key words: it addresses it
    (OTHER_CARD_FOCUS - 0.01, False),  # a neighbour retrieved on the question's shape only: a stray sentence
])
def test_when_another_card_does_not_hold_the_question_words_then_it_adds_no_sentence(focus, speaks):
    evidence = [
        _evidence(ERASURE, [("Le client peut faire effacer ses données.", 0.8)]),
        _evidence(BREACH, [("Une fuite se notifie sous 72 heures.", 0.8)], focus=focus),
    ]
    draft = compose("Après une fuite, le client peut-il faire effacer ses données ?", "fr", evidence)
    assert (BREACH in draft.used) is speaks
    assert draft.statements[0].text == "Le client peut faire effacer ses données."


def test_when_a_duration_is_asked_then_another_card_figure_does_not_join_as_a_stray():
    retention = _card("conservation", "Durées de conservation", "5")
    evidence = [
        _evidence(ERASURE, [("La demande d'effacement reçoit une réponse sous un mois.", 0.8)]),
        _evidence(retention, [("Les données d'un prospect se conservent 3 ans.", 0.2)], focus=0.0),
    ]
    draft = compose("En combien de temps répondre à une demande d'effacement ?", "fr", evidence)
    assert draft.used == (ERASURE,)  # "combien de temps" asks for a duration, and the first card states one


def test_when_a_sentence_continues_the_previous_one_then_they_are_taken_together():
    evidence = [_evidence(ACCESS, [
        ("Le client obtient une copie de ses données.", 0.3),
        ("Ce droit couvre aussi les commentaires des agents.", 0.9),
    ], summary=2)]
    draft = compose("Les commentaires des agents sont-ils communiqués ?", "fr", evidence)
    assert draft.statements[0].text == ("Le client obtient une copie de ses données. "
                                        "Ce droit couvre aussi les commentaires des agents.")


@pytest.mark.parametrize(
    ("question_score", "expected"),
    [
        (YES_NO_MATCH + 0.01, "Oui : le client peut lire ses commentaires."),  # the card's own question was asked
        (YES_NO_MATCH - 0.2, "Le client peut lire ses commentaires."),  # a neighbouring question: no confident lead
    ],
)
def test_when_a_card_opens_with_yes_then_the_lead_stays_only_for_its_own_question(question_score, expected):
    evidence = [_evidence(ACCESS, [("Oui : le client peut lire ses commentaires.", 0.9)],
                          question_score=question_score)]
    draft = compose("Le client peut-il supprimer ses commentaires ?", "fr", evidence)
    assert draft.statements[0].text == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Oui : les notes sont communiquées.", "Les notes sont communiquées."),
        ("Non, jamais dans un commentaire.", "Jamais dans un commentaire."),
        ("Yes: customers can read them.", "Customers can read them."),
        ("Nombreux sont les cas.", "Nombreux sont les cas."),  # "Non" only as a whole word
    ],
)
def test_when_a_yes_no_lead_is_removed_then_the_sentence_reads_on(sentence, expected):
    assert without_yes_no(sentence) == expected


def test_when_there_is_no_evidence_then_the_draft_is_empty():
    draft = compose("Question ?", "fr", [])
    assert draft.statements == () and draft.text == ""


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Un mois (RGPD art. 12(3)). Deux mois de plus.", ["Un mois (RGPD art. 12(3)).", "Deux mois de plus."]),
        ("Un hébergeur certifié (Code de la santé publique art. L1111-8). Ensuite.",  # a reference, not a sentence
         ["Un hébergeur certifié (Code de la santé publique art. L1111-8).", "Ensuite."]),
        ("Voir l'Art. 15 pour le détail. « Oui », dit-il.", ["Voir l'Art. 15 pour le détail.", "« Oui », dit-il."]),
    ],
)
def test_when_a_summary_is_cut_into_sentences_then_article_references_stay_whole(text, sentences):
    assert split_sentences(text) == sentences


def test_when_the_question_asks_for_a_delay_then_the_sentence_stating_it_joins_even_when_it_scores_low():
    evidence = [_evidence(ACCESS, [
        ("Le client obtient une copie de ses données et des commentaires qui le concernent.", 0.9),
        ("Les agents savent où trouver la procédure.", 0.3),
        ("La réponse est due dans un délai d'un mois, prolongeable de deux mois.", -0.2),
    ])]
    draft = compose("Dans quel délai répondre à une demande d'accès ?", "fr", evidence)
    texts = [statement.text for statement in draft.statements]
    assert "La réponse est due dans un délai d'un mois, prolongeable de deux mois." in texts
    assert "Les agents savent où trouver la procédure." not in texts


def test_when_no_fact_is_asked_then_a_low_scoring_delay_stays_out():
    evidence = [_evidence(ACCESS, [
        ("Le client obtient une copie de ses données et des commentaires qui le concernent.", 0.9),
        ("La réponse est due dans un délai d'un mois, prolongeable de deux mois.", -0.2),
    ])]
    draft = compose("Le client voit-il les commentaires ?", "fr", evidence)
    assert [statement.text for statement in draft.statements] == [
        "Le client obtient une copie de ses données et des commentaires qui le concernent."]


CHILDREN = _card("enfants", "Données des enfants", "8")


@pytest.mark.parametrize(("gap", "joins"), [
    (BEST_CARD_WINDOW - 0.05, True),  # a key point well behind the summary still completes it
    (BEST_CARD_WINDOW + 0.05, False),  # an unrelated point does not
])
def test_when_the_summary_wins_by_far_then_the_best_card_still_says_a_second_thing(gap, joins):
    summary = "Le RGPD fixe l'âge du consentement seul à 16 ans, chaque État pouvant l'abaisser."
    point = "En France il est de 15 ans."
    lead = 0.9 + 0.2  # cosine + summary bonus; the key point shares no word with the question
    evidence = [_evidence(CHILDREN, [(summary, 0.9), (point, lead - gap)])]
    draft = compose("Et pour un ado en ligne ?", "fr", evidence)
    assert (point in [statement.text for statement in draft.statements]) is joins


@pytest.mark.parametrize(("question", "count"), [
    ("Faut-il former les agents ?", 1),
    ("Faut-il former les agents et comment ?", 2),
    ("Peut-on refuser ? Dans quel délai répondre ?", 2),
    ("Do we need a DPO and who can it be?", 2),
    ("Combien de temps garder les devis et les factures ?", 1),  # one question about two documents
])
def test_when_a_question_holds_several_questions_then_its_parts_are_counted(question, count):
    assert parts(question) == count


def test_when_a_deadline_is_asked_then_the_deadline_is_stated_not_another_duration():
    objection = _card("opposition", "Droit d'opposition", "21")
    evidence = [_evidence(objection, [
        ("Le client peut s'opposer à tout moment à la prospection.", 0.9),
        ("La liste d'opposition se garde au moins 3 ans.", 0.5),
        ("Les agents notent l'opposition dans le champ prévu.", 0.45),
        ("L'opposition est traitée dans un délai d'un mois au plus.", -0.2),
    ])]
    draft = compose("Combien de temps pour répondre à une opposition ?", "fr", evidence)
    assert "L'opposition est traitée dans un délai d'un mois au plus." in [s.text for s in draft.statements]
