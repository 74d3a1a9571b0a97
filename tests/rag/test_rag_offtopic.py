"""Off-topic exemplars: the file is validated, and a question nearer to one of them than to any card is declined."""

from __future__ import annotations

import pytest

from assistant.config import PROJECT_ROOT
from assistant.errors import ConfigError
from assistant.rag.answer import answer_question
from assistant.rag.offtopic import OFF_TOPIC_FILE, load_off_topic
from assistant.rag.retriever import Retriever
from assistant.rag.store import open_store

IT_SUPPORT = 'it_support:\n  fr:\n    - "Comment changer le mot de passe de ma messagerie Outlook ?"\n'


def test_when_the_file_is_absent_then_there_are_no_exemplars(tmp_path):
    assert load_off_topic(tmp_path / OFF_TOPIC_FILE) == ()


def test_when_the_project_file_is_loaded_then_both_languages_have_exemplars():
    exemplars = load_off_topic(PROJECT_ROOT / "knowledge" / OFF_TOPIC_FILE)
    assert len(exemplars) >= 40 and len(set(exemplars)) == len(exemplars)
    assert "How do I change my email password?" in exemplars  # English
    assert "Comment changer le mot de passe de ma messagerie ?" in exemplars  # French


@pytest.mark.parametrize(("content", "problem"), [
    ("- une liste\n", "must map each domain"),  # a list instead of domains
    ("it_support: [a, b]\n", "must map languages"),  # a domain without languages
    ('it_support:\n  de:\n    - "Wie?"\n', "'de' is not one of"),  # a language the product does not speak
    ("it_support:\n  fr: []\n", "non-empty list"),  # an empty list of questions
    ("it_support:\n  fr:\n    - 3\n", "non-empty list"),  # a question that is not text
    ("it_support: [\n", "cannot be read as YAML"),  # broken YAML
])
def test_when_the_file_is_malformed_then_a_config_error_names_the_problem(tmp_path, content, problem):
    path = tmp_path / OFF_TOPIC_FILE
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=problem):
        load_off_topic(path)


@pytest.mark.parametrize(("question", "declined"), [
    ("Comment changer le mot de passe de ma messagerie Outlook ?", True),  # IT support, an exemplar's wording
    ("Un client peut-il faire supprimer ses données ?", False),  # a card's own question
])
def test_when_a_question_leans_to_an_off_topic_exemplar_then_it_is_declined(
        tiny_settings, embeddings, question, declined):
    (tiny_settings.knowledge_dir / OFF_TOPIC_FILE).write_text(IT_SUPPORT, encoding="utf-8")
    retriever = Retriever(open_store(tiny_settings, embeddings),
                          off_topic=load_off_topic(tiny_settings.knowledge_dir / OFF_TOPIC_FILE))
    answer = answer_question(question, "fr", settings=tiny_settings, retriever=retriever)
    assert answer.declined is declined
    assert (answer.sources == ()) is declined


def test_when_there_are_no_exemplars_then_the_lean_never_declines(tiny_settings, embeddings):
    retriever = Retriever(open_store(tiny_settings, embeddings))
    assert retriever.off_topic_lean("Comment changer le mot de passe de ma messagerie Outlook ?") == -1.0
