"""Fixtures of the language-model tests: a fake OpenAI-compatible server and settings pointing at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fake_openai import FakeOpenAI

from assistant.config import Settings


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    yield server
    server.stop()


@pytest.fixture
def external(settings: Settings, fake_openai: FakeOpenAI) -> Settings:
    """Settings that use the fake server as the configured OpenAI-compatible URL."""
    return settings.model_copy(update={"llm_url": fake_openai.url, "llm_timeout": 2.0, "llm_retries": 1})
