"""The chat client against a fake OpenAI-compatible server: streaming, early stop, one clear error per failure."""

from __future__ import annotations

import socket

import pytest
from fake_openai import MODEL_ID, FakeOpenAI
from pydantic import SecretStr

from assistant.config import Settings
from assistant.errors import ModelHTTPError, ModelReplyError, ModelTimeoutError, ModelUnavailableError
from assistant.llm import OpenAIChatModel

MESSAGES = [{"role": "user", "content": "Bonjour"}]


def test_when_server_streams_then_pieces_are_joined_and_its_first_model_is_used(
    external: Settings, fake_openai: FakeOpenAI
) -> None:
    reply = OpenAIChatModel(external).chat(MESSAGES, 32, 0.0)
    assert reply == fake_openai.reply
    request = fake_openai.requests[0]
    assert (request["model"], request["stream"], request["messages"]) == (MODEL_ID, True, MESSAGES)


def test_when_model_name_and_key_configured_then_both_are_sent(external: Settings, fake_openai: FakeOpenAI) -> None:
    configured = external.model_copy(update={"llm_model": "qwen2.5:7b", "llm_api_key": SecretStr("s3cret")})
    OpenAIChatModel(configured).chat(MESSAGES, 32, 0.0)
    assert fake_openai.requests[0]["model"] == "qwen2.5:7b"
    assert fake_openai.headers[0]["authorization"] == "Bearer s3cret"


def test_when_stop_when_says_so_then_generation_ends_early(external: Settings, fake_openai: FakeOpenAI) -> None:
    fake_openai.reply = "Premier morceau. Second morceau qui ne sert à rien."
    reply = OpenAIChatModel(external).chat(MESSAGES, 64, 0.0, stop_when=lambda partial: "." in partial)
    assert reply.startswith("Premier morceau.")
    assert "Second" not in reply


def test_when_pieces_arrive_slowly_but_in_time_then_the_whole_reply_comes(
    external: Settings, fake_openai: FakeOpenAI
) -> None:
    fake_openai.behaviour, fake_openai.piece_delay = "slow", 0.05
    assert OpenAIChatModel(external).chat(MESSAGES, 32, 0.0) == fake_openai.reply


def test_when_reply_outlasts_the_timeout_then_timeout_error(external: Settings, fake_openai: FakeOpenAI) -> None:
    fake_openai.behaviour, fake_openai.piece_delay = "slow", 0.4
    with pytest.raises(ModelTimeoutError, match="did not answer within"):
        OpenAIChatModel(external.model_copy(update={"llm_timeout": 1.0})).chat(MESSAGES, 32, 0.0)


def test_when_server_stalls_then_timeout_error(external: Settings, fake_openai: FakeOpenAI) -> None:
    fake_openai.behaviour = "stall"
    with pytest.raises(ModelTimeoutError, match="did not answer within 1 s"):
        OpenAIChatModel(external.model_copy(update={"llm_timeout": 1.0, "llm_retries": 0})).chat(MESSAGES, 32, 0.0)


def test_when_server_keeps_the_stream_alive_without_tokens_then_the_deadline_still_holds(
    external: Settings, fake_openai: FakeOpenAI
) -> None:
    fake_openai.behaviour = "ping"  # a read timeout never fires: something arrives every 0.2 s
    with pytest.raises(ModelTimeoutError, match="did not answer within 1 s"):
        OpenAIChatModel(external.model_copy(update={"llm_timeout": 1.0})).chat(MESSAGES, 32, 0.0)


def test_when_server_answers_http_500_then_retried_then_http_error(
    external: Settings, fake_openai: FakeOpenAI
) -> None:
    fake_openai.behaviour = "http500"
    with pytest.raises(ModelHTTPError, match="HTTP 500"):
        OpenAIChatModel(external).chat(MESSAGES, 32, 0.0)
    assert len(fake_openai.requests) == 1 + external.llm_retries


@pytest.mark.parametrize(
    ("behaviour", "message"),
    [
        ("nonsense", "not a chat completion"),  # 200, but the body is HTML
        ("empty", "empty reply"),  # a valid stream that says nothing
    ],
)
def test_when_reply_is_garbage_or_empty_then_reply_error(
    external: Settings, fake_openai: FakeOpenAI, behaviour: str, message: str
) -> None:
    fake_openai.behaviour = behaviour
    with pytest.raises(ModelReplyError, match=message):
        OpenAIChatModel(external).chat(MESSAGES, 32, 0.0)


def test_when_nothing_listens_then_connection_refused_error(settings: Settings) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    closed = settings.model_copy(update={"llm_url": f"http://127.0.0.1:{port}/v1", "llm_retries": 0})
    with pytest.raises(ModelUnavailableError, match="refused the connection"):
        OpenAIChatModel(closed).chat(MESSAGES, 32, 0.0)
