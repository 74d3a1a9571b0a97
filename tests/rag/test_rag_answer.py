"""Answers: extractive facts from the best card, sources checked by code, decline when out of scope."""

from __future__ import annotations

import pytest

from assistant.errors import InputError, StoreError
from assistant.rag.answer import Answer, answer_question, checked_sources, stream_answer
from assistant.rag.compose import Draft
from assistant.rag.passage import CARD, Passage
from assistant.rag.retriever import Retrieved, Retriever
from assistant.rag.store import open_store

ACCESS_FR = "Un client peut-il obtenir une copie de ses données ?"


@pytest.fixture
def retriever(tiny_settings, embeddings):
    return Retriever(open_store(tiny_settings, embeddings))


def _ask(question, lang, settings, retriever, **kwargs) -> Answer:
    return answer_question(question, lang, settings=settings, retriever=retriever, **kwargs)


class CannedChat:
    """A fake ChatModel with one canned reply; remembers the prompt it was given."""

    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.prompts: list[str] = []

    def chat(self, messages, max_tokens, temperature):
        self.prompts.append(messages[-1]["content"])
        return self.reply


def test_when_question_is_french_then_answer_quotes_the_card_and_cites_title_and_article(tiny_settings, retriever):
    answer = _ask(ACCESS_FR, None, tiny_settings, retriever)
    assert (answer.lang, answer.declined, answer.method) == ("fr", False, "extractive")
    assert answer.answer.startswith("Le client obtient une copie de ses données sous un mois.")
    assert "La première copie est gratuite." in answer.answer  # the key point sharing words with the question
    assert "Source : Droit d'accès (RGPD art. 15)." in answer.answer
    assert answer.as_dict()["sources"][0] == {"id": "acces", "title": "Droit d'accès", "source": "https://www.cnil.fr/acces"}


def test_when_question_is_english_then_the_english_card_answers_with_gdpr_article_names(tiny_settings, retriever):
    answer = _ask("Can a customer get a copy of their data?", None, tiny_settings, retriever)
    assert answer.lang == "en" and answer.sources[0].id == "acces-en"
    assert "within one month" in answer.answer and "Source: Right of access (GDPR Art. 15)." in answer.answer


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
        checked_sources(Draft("texte", (card("acces"), card("invente"))), hits)


@pytest.mark.parametrize(
    ("reply", "method"),
    [
        ("Le client reçoit une copie de ses données sous un mois ; la première copie est gratuite.", "llm"),
        ("Le client reçoit une copie de ses données sous un mois (art. 15).", "llm"),  # article of the card
        ("Le client reçoit une copie de ses données sous 30 jours.", "extractive"),  # figure not in the card
        ("Le client reçoit une copie de ses données sous un mois (art. 17).", "extractive"),  # invented article
        ("Le client reçoit rapidement une copie de ses données.", "extractive"),  # dropped 'un mois'
        ("The customer receives a copy of their data within one month.", "extractive"),  # wrong language
        ("Je ne sais pas.", "extractive"),  # the model refused
        ("", "extractive"),  # empty reply
    ],
)
def test_when_llm_rewords_then_it_is_kept_only_if_facts_survive(tiny_settings, retriever, reply, method):
    model = CannedChat(reply)
    answer = _ask(ACCESS_FR, "fr", tiny_settings, retriever, model=model)
    assert answer.method == method
    assert "Source : Droit d'accès (RGPD art. 15)." in answer.answer  # code writes the sources, never the model
    assert ACCESS_FR in model.prompts[0]


def test_when_streaming_then_pieces_come_first_and_join_into_the_final_answer(tiny_settings, retriever, monkeypatch):
    import assistant.rag.answer as answer_module

    monkeypatch.setattr(answer_module, "get_retriever", lambda settings: retriever)
    *pieces, final = list(stream_answer(ACCESS_FR, settings=tiny_settings))
    assert isinstance(final, Answer) and len(pieces) > 1 and all(isinstance(piece, str) for piece in pieces)
    assert "".join(pieces) == final.answer


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
