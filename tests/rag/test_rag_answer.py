"""Answers: extractive facts from the best card, sources checked by code, decline when out of scope."""

from __future__ import annotations

import pytest

from assistant.errors import ConfigError, InputError, StoreError
from assistant.rag.answer import Answer, answer_question, checked_sources, stream_answer
from assistant.rag.draft import Draft, Statement
from assistant.rag.passage import CARD, Passage
from assistant.rag.retriever import Retrieved, Retriever
from assistant.rag.store import open_store

ACCESS_FR = "Un client peut-il obtenir une copie de ses données ?"


@pytest.fixture
def retriever(tiny_settings, embeddings):
    return Retriever(open_store(tiny_settings, embeddings))


def _ask(question, lang, settings, retriever, **kwargs) -> Answer:
    return answer_question(question, lang, settings=settings, retriever=retriever, **kwargs)


def test_when_question_is_french_then_answer_quotes_the_card_cites_it_and_shows_the_matched_question(
        tiny_settings, retriever):
    answer = _ask(ACCESS_FR, None, tiny_settings, retriever)
    assert (answer.lang, answer.declined, answer.method) == ("fr", False, "composed")
    assert "Le client obtient une copie de ses données sous un mois. [1]" in answer.body
    assert answer.answer.startswith(answer.body + "\n\nSource") and "[1] Droit d'accès (RGPD art. 15)" in answer.answer
    assert answer.matched_question == "Un client peut-il avoir une copie de son dossier ?"
    assert answer.as_dict()["sources"][0] == {"id": "acces", "title": "Droit d'accès", "source": "https://www.cnil.fr/acces"}
    assert answer.as_dict()["matched_question"] == answer.matched_question


def test_when_question_is_english_then_the_english_card_answers_with_gdpr_article_names(tiny_settings, retriever):
    answer = _ask("Can a customer get a copy of their data?", None, tiny_settings, retriever)
    assert answer.lang == "en" and answer.sources[0].id == "acces-en"
    assert "within one month. [1]" in answer.body
    assert answer.answer.endswith("Source: [1] Right of access (GDPR Art. 15).")
    assert answer.matched_question == "Can a customer get a copy of their file?"


@pytest.mark.parametrize(
    ("question", "lang", "expected"),
    [
        ("Quelle est la recette de la tarte tatin ?", "fr", "Je ne peux répondre qu'aux questions sur le RGPD"),
        ("Who won the football match yesterday?", "en", "I can only answer questions about the GDPR"),
    ],
)
def test_when_question_is_out_of_scope_then_polite_decline_in_its_language_without_sources(
        tiny_settings, retriever, question, lang, expected):
    answer = _ask(question, None, tiny_settings, retriever)
    assert answer.declined and answer.lang == lang and answer.sources == ()
    assert answer.answer.startswith(expected) and answer.as_dict()["sources"] == []


def test_when_every_cited_source_is_checked_then_sources_are_among_retrieved_passages(tiny_settings, retriever):
    retrieved_ids = {hit.passage.doc_id for hit in retriever.retrieve(ACCESS_FR, "fr", tiny_settings.retrieval_k)}
    answer = _ask(ACCESS_FR, "fr", tiny_settings, retriever)
    assert answer.sources and {source.id for source in answer.sources} <= retrieved_ids


def test_when_a_draft_cites_a_passage_that_was_not_retrieved_then_store_error():
    def card(card_id: str) -> Passage:
        return Passage(id=card_id, doc_id=card_id, kind=CARD, lang="fr", title=card_id, source="u", text="t",
                       digest="d")

    hits = [Retrieved(card("acces"), 0.9, 0.9, 0.0)]
    with pytest.raises(StoreError, match="not retrieved"):
        checked_sources(Draft("fr", (Statement("texte", 1),), (card("acces"), card("invente"))), hits)


def test_when_generated_mode_has_no_capable_model_then_config_error_says_what_to_set(tiny_settings, retriever):
    settings = tiny_settings.model_copy(update={"answer_mode": "generated"})
    with pytest.raises(ConfigError, match="ASSISTANT_LLM_URL"):
        _ask(ACCESS_FR, "fr", settings, retriever)


def test_when_streaming_then_pieces_come_first_and_join_into_the_final_answer(tiny_settings, retriever, monkeypatch):
    import assistant.rag.answer as answer_module

    monkeypatch.setattr(answer_module, "get_retriever", lambda settings: retriever)
    *pieces, final = list(stream_answer(ACCESS_FR, settings=tiny_settings))
    assert isinstance(final, Answer) and pieces and all(isinstance(piece, str) for piece in pieces)
    assert "".join(pieces) == final.body and final.answer.startswith(final.body)  # one piece per paragraph


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("", "fr"),  # empty
        ("   ", "fr"),  # blank
        ("x" * 2_001, "fr"),  # longer than any real question
        (ACCESS_FR, "de"),  # a language we have no cards or messages for
    ],
)
def test_when_question_is_unusable_then_input_error(tiny_settings, retriever, question, lang):
    with pytest.raises(InputError):
        _ask(question, lang, tiny_settings, retriever)
