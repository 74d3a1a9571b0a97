"""Generated answers against a fake OpenAI-compatible server: only supported, cited sentences survive.

The tiny base answers ACCESS_FR with the access card as passage [1]: "Le client obtient une copie de ses
données sous un mois." / "La première copie est gratuite." / "Second point." (RGPD art. 15).
"""

from __future__ import annotations

import pytest
from fake_openai import FakeOpenAI

from assistant.config import Settings
from assistant.rag.answer import answer_question
from assistant.rag.generate import numbers, split_statements, supports
from assistant.rag.retriever import Retriever
from assistant.rag.store import open_store

ACCESS_FR = "Un client peut-il obtenir une copie de ses données ?"
FACT = "Le client obtient une copie de ses données sous un mois."


@pytest.fixture
def generated(tiny_settings: Settings, fake_openai: FakeOpenAI) -> Settings:
    """Generated answers from the fake server."""
    return tiny_settings.model_copy(update={"answer_mode": "generated", "llm_url": fake_openai.url,
                                            "llm_timeout": 2.0, "llm_retries": 0})


@pytest.fixture
def retriever(tiny_settings, embeddings) -> Retriever:
    return Retriever(open_store(tiny_settings, embeddings))


@pytest.mark.parametrize(
    ("reply", "method", "kept"),
    [
        # faithful, one citation per sentence: kept as written, citations renumbered by code
        (f"{FACT} [1] La première copie est gratuite. [1]", "generated",
         [f"{FACT} [1]", "La première copie est gratuite. [1]"]),
        # a rewording that keeps the figure and most words of its passage
        ("Le client reçoit une copie de ses données dans un délai d'un mois [1].", "generated",
         ["Le client reçoit une copie de ses données dans un délai d'un mois. [1]"]),
        # one supported sentence, one with an amount its passage does not hold: the second is removed
        (f"{FACT} [1] Une amende de 20 millions d'euros s'applique en cas de refus. [1]", "generated",
         [f"{FACT} [1]"]),
        ("Le client obtient une copie sous 30 jours. [1]", "composed", []),  # a figure the card does not hold
        ("Le client obtient une copie de ses données sous un mois (art. 17). [1]", "composed", []),  # invented article
        (f"{FACT} [7]", "composed", []),  # cites a passage that was not retrieved
        (FACT, "composed", []),  # no citation at all
        ("Le client peut voter aux élections municipales et choisir son maire. [1]", "composed", []),  # off the card
        ("AUCUNE RÉPONSE", "composed", []),  # the model found no answer in the passages
        ("The customer gets a copy of their data within one month. [1]", "composed", []),  # wrong language
    ],
)
def test_when_the_model_answers_then_only_supported_cited_sentences_are_kept(
        generated, retriever, fake_openai, reply, method, kept):
    fake_openai.reply = reply
    answer = answer_question(ACCESS_FR, "fr", settings=generated, retriever=retriever)
    assert answer.method == method
    assert answer.sources and answer.sources[0].id == "acces"
    assert "[1] Droit d'accès (RGPD art. 15)" in answer.answer  # code writes the sources, never the model
    if method == "generated":
        assert answer.body == " ".join(kept)
    prompt = fake_openai.requests[0]["messages"][-1]["content"]
    assert ACCESS_FR in prompt and f"[1] Droit d'accès (RGPD art. 15)\n{FACT}" in prompt


def test_when_the_model_cites_a_second_passage_then_sources_are_renumbered_from_what_was_kept(
        generated, retriever, fake_openai):
    prompt_numbers: dict[str, int] = {}
    fake_openai.reply = "Le client peut demander la suppression de ses données. [2]"
    answer = answer_question(ACCESS_FR, "fr", settings=generated, retriever=retriever)
    prompt = fake_openai.requests[0]["messages"][-1]["content"]
    for number, title in ((1, "Droit d'accès"), (2, "Droit à l'effacement")):
        if f"[{number}] {title}" in prompt:
            prompt_numbers[title] = number
    assert prompt_numbers.get("Droit à l'effacement") == 2  # the erasure card was offered second
    assert answer.method == "generated" and [s.id for s in answer.sources] == ["effacement"]
    assert answer.body == "Le client peut demander la suppression de ses données. [1]"


def test_when_the_server_fails_then_the_composed_answer_is_given(generated, retriever, fake_openai):
    fake_openai.behaviour = "http500"
    answer = answer_question(ACCESS_FR, "fr", settings=generated, retriever=retriever)
    assert answer.method == "composed" and not answer.declined and FACT in answer.body


def test_when_the_question_is_out_of_scope_then_the_model_is_not_asked(generated, retriever, fake_openai):
    answer = answer_question("Quelle est la recette de la tarte tatin ?", "fr", settings=generated,
                             retriever=retriever)
    assert answer.declined and fake_openai.requests == []


@pytest.mark.parametrize(
    ("reply", "statements", "rest"),
    [
        ("Un. [1] Deux [2].", [("Un.", [1]), ("Deux.", [2])], ""),  # marker after or before the full stop
        ("Un et deux. [1][2] Trois.", [("Un et deux.", [1, 2])], "Trois."),  # several markers; uncited tail
        ("Rien de cité.", [], "Rien de cité."),
    ],
)
def test_when_a_reply_is_split_then_each_statement_keeps_its_citations(reply, statements, rest):
    assert split_statements(reply) == (statements, rest)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("La réponse est due sous un mois.", True),  # same facts, same words
        ("La réponse est due sous deux mois.", False),  # a duration the passage does not state
        ("La réponse est due sous 30 jours.", False),  # a figure the passage does not state
        ("Les sanctions pénales vont jusqu'à la prison.", False),  # words the passage does not contain
    ],
)
def test_when_a_sentence_is_checked_then_its_facts_and_words_must_be_in_the_passage(sentence, expected):
    passage = "La réponse aux demandes est due sous un mois (RGPD art. 12(3)), et elle est gratuite."
    assert supports(passage, sentence) is expected


def test_when_figures_are_written_differently_then_they_compare_equal():
    assert numbers("300 000 €, 300,000 and 1,5 M€") == {"300000", "1.5"}
