"""A committed rewrite adapter (adapters/) loaded by the built-in server on top of its base, as the product runs it."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT, Settings
from assistant.errors import AssistantError
from assistant.llm import OpenAIChatModel
from assistant.llm.builtin import BuiltinServer
from assistant.rewrite.messages import build_tuned_messages
from train.lora.bases import BASES

ADAPTER = PROJECT_ROOT / "adapters" / "rewrite-gemma3.gguf"
FLAGGED = "Customer is a Muslim, wants the invoice INV-448 resent by email."


def gemma(settings: Settings, tmp_path: Path, lora: Path | None) -> Settings:
    base = BASES["gemma3"]
    return settings.model_copy(update={
        "model_path": base.gguf(), "llm_chat_format": base.chat_format, "llm_lora_path": lora,
        "data_dir": tmp_path, "llm_timeout": 120.0,
    })


def reply(settings: Settings) -> str:
    server = BuiltinServer(settings)
    try:
        messages = build_tuned_messages(settings.prompts_dir, FLAGGED, "en")
        return OpenAIChatModel(settings, server).chat(messages, 48, 0.0)
    finally:
        server.stop()


@pytest.mark.llm
def test_when_adapter_is_loaded_then_the_base_rewrites_instead_of_echoing(settings: Settings, tmp_path: Path) -> None:
    adapted = reply(gemma(settings, tmp_path, ADAPTER))
    plain = reply(gemma(settings, tmp_path, None))
    assert "Muslim" not in adapted and "INV-448" in adapted  # the statement goes, the fact stays
    assert "Muslim" in plain  # the same base and prompt without the adapter keeps it: the adapter did it


def test_when_adapter_file_is_missing_then_the_error_names_the_setting(settings: Settings, tmp_path: Path) -> None:
    missing = gemma(settings, tmp_path, tmp_path / "absent.gguf")
    with pytest.raises(AssistantError, match="ASSISTANT_LLM_LORA_PATH"):
        reply(missing)
