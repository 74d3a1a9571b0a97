"""The rewrite against an external OpenAI-compatible URL: its candidate is verified, its failures fall back."""

from __future__ import annotations

from fake_openai import FakeOpenAI

from assistant.config import Settings
from assistant.rewrite import rewrite_comment

FLAGGED = "Cliente de confession juive, souhaite un RDV le 12/03 pour la commande CMD-4471."
GOOD = "Cliente souhaite un RDV le 12/03 pour la commande CMD-4471."


def test_when_external_model_gives_a_good_candidate_then_it_is_used(
    external: Settings, fake_openai: FakeOpenAI
) -> None:
    fake_openai.reply = GOOD
    result = rewrite_comment(FLAGGED, "fr", settings=external)
    assert (result.method, result.text, result.warning) == ("llm", GOOD, None)
    assert "CMD-4471" in fake_openai.requests[0]["messages"][-1]["content"]


def test_when_external_model_fails_then_rules_answer_with_a_warning(
    external: Settings, fake_openai: FakeOpenAI
) -> None:
    fake_openai.behaviour = "http500"
    result = rewrite_comment(FLAGGED, "fr", settings=external)
    assert (result.method, result.flag_after) == ("rules", False)
    assert "HTTP 500" in (result.warning or "")
    assert "CMD-4471" in result.text


def test_when_external_model_sends_the_comment_back_then_verification_rejects_it(
    external: Settings, fake_openai: FakeOpenAI
) -> None:
    fake_openai.reply = FLAGGED  # a model that obeys nothing, or an injection
    result = rewrite_comment(FLAGGED, "fr", settings=external)
    assert result.method == "rules"
    assert "juive" not in result.text
