"""The tuned rewrite prompt (settings.rewrite_prompt = "tuned"): what an adapted model is sent, through the service."""

from __future__ import annotations

from assistant.config import Settings
from assistant.rewrite import rewrite_comment
from assistant.rewrite.messages import build_tuned_messages

FLAGGED = "Cliente de confession juive, souhaite un RDV le 12/03 pour la commande CMD-4471."
GOOD = "Cliente souhaite un RDV le 12/03 pour la commande CMD-4471."


class RecordingModel:
    """Replies with one canned text and keeps the messages it was sent."""

    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.calls: list[list[dict[str, str]]] = []

    def chat(
        self, messages: list[dict[str, str]], max_tokens: int, temperature: float, stop_when: object = None
    ) -> str:
        self.calls.append(messages)
        return self.reply


def test_when_prompt_is_tuned_then_the_model_gets_the_instruction_and_the_bare_comment(settings: Settings) -> None:
    model = RecordingModel(GOOD)
    tuned = settings.model_copy(update={"rewrite_prompt": "tuned"})
    result = rewrite_comment(FLAGGED, "fr", settings=tuned, model=model)
    assert (result.method, result.text) == ("llm", GOOD)
    assert model.calls == [build_tuned_messages(settings.prompts_dir, FLAGGED, "fr")]
    assert model.calls[0][-1] == {"role": "user", "content": FLAGGED}  # no spans, facts or examples around it


def test_when_tuned_candidate_fails_verify_then_the_rules_answer(settings: Settings) -> None:
    tuned = settings.model_copy(update={"rewrite_prompt": "tuned"})
    result = rewrite_comment(FLAGGED, "fr", settings=tuned, model=RecordingModel(FLAGGED))  # echoes the comment
    assert result.method == "rules"
    assert "juive" not in result.text


def test_when_tuned_messages_built_then_the_instruction_follows_the_comment_language(settings: Settings) -> None:
    french = build_tuned_messages(settings.prompts_dir, "x", "fr")[0]["content"]
    english = build_tuned_messages(settings.prompts_dir, "x", "en")[0]["content"]
    assert "commentaire" in french and "comment" in english and french != english
