"""The chat's guess: a pasted CRM comment is checked, a question about the rules is answered."""

from __future__ import annotations

import pytest

from assistant.ui.routing import comment_score, guess_kind, question_score

CASES = [
    # (message, expected kind, why this row is here)
    ("Mme Durand a appelé, très agressive. Elle est enceinte.", "comment", "a French agent's note"),
    ("Client diabétique, rappeler lundi au 06 12 34 56 78", "comment", "follow-up and phone number"),
    ("Customer is a union rep, call back Monday.", "comment", "an English agent's note"),
    ("Combien de temps peut-on conserver les données d'un prospect ?", "question", "interrogative word + '?'"),
    ("Peut-on noter dans le CRM qu'un client est malade ?", "question", "inversion 'peut-on' beats 'client'"),
    ("How long can we keep a prospect's data?", "question", "English interrogative"),
    ("Quelle base légale pour la prospection par e-mail", "question", "no '?', but interrogative + rule words"),
    ("RGPD article 9 données sensibles", "question", "regulation vocabulary only"),
    ("Explique-moi le droit d'accès", "question", "a request addressed to the assistant"),
    ("Client demande s'il peut payer en 3 fois ?", "comment", "a customer's question reported in a note"),
    ("Qu'est-ce qu'une donnée sensible ?", "question", "elided 'qu'est-ce'"),
    ("bonjour", "comment", "no signal at all: the tie goes to the main job"),
]


@pytest.mark.parametrize(("message", "expected", "why"), CASES, ids=[case[2] for case in CASES])
def test_when_a_message_is_sent_then_its_kind_is_guessed(message: str, expected: str, why: str) -> None:
    assert guess_kind(message) == expected, (why, question_score(message), comment_score(message))


def test_when_a_note_ends_with_a_question_mark_then_only_that_signal_counts_as_question() -> None:
    # The question mark alone must not outweigh two clear CRM marks.
    assert question_score("Client mécontent, rappeler ?") == 2
    assert comment_score("Client mécontent, rappeler ?") == 2
