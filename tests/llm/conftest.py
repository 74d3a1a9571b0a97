"""Fixtures of the language-model tests: settings pointing at the fake OpenAI-compatible server."""

from __future__ import annotations

import pytest
from fake_openai import FakeOpenAI

from assistant.config import Settings


@pytest.fixture
def external(settings: Settings, fake_openai: FakeOpenAI) -> Settings:
    """Settings that use the fake server as the configured OpenAI-compatible URL."""
    return settings.model_copy(update={"llm_url": fake_openai.url, "llm_timeout": 2.0, "llm_retries": 1})
