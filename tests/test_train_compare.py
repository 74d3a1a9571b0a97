"""The rewriter comparison (train.rewrite.compare): what each variant runs, and blind sets scored in aggregate only."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from assistant.config import Settings
from train.rewrite.compare import main, sample, variant_settings
from train.rewrite.paths import adapter_path


@pytest.mark.parametrize(
    ("variant", "rounds", "lora", "prompt"),
    [
        ("rules", 0, None, "examples"),  # no model call: the deterministic rules alone
        ("smollm2", 1, None, "examples"),  # the base with the few-shot prompt
        ("smollm2+lora", 1, adapter_path("smollm2"), "tuned"),  # its adapter with the prompt it was trained on
    ],
)
def test_when_variant_named_then_its_settings_follow(
    settings: Settings, variant: str, rounds: int, lora: Path | None, prompt: str
) -> None:
    base = settings.model_copy(update={"rewrite_rounds": 1, "rewrite_prompt": "examples", "llm_lora_path": None})
    chosen = variant_settings(variant, base)
    assert (chosen.rewrite_rounds, chosen.llm_lora_path, chosen.rewrite_prompt) == (rounds, lora, prompt)


def test_when_sampled_then_the_sample_is_seeded_and_bounded() -> None:
    records = [{"id": str(i), "flag": i % 2 == 0} for i in range(40)]
    assert sample(records, 10) == sample(records, 10) and len(sample(records, 10)) == 10
    assert sample(records, None) == records


def test_when_outputs_asked_on_another_set_than_dev_then_it_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "comments_blind2.jsonl"
    other.write_text("", encoding="utf-8")
    argv = ["compare", "--comments", str(other), "--outputs", str(tmp_path / "out.jsonl"), "--variants", "rules"]
    monkeypatch.setattr(sys, "argv", argv)
    with pytest.raises(SystemExit):
        main()
    assert "only for the dev set" in capsys.readouterr().err
    assert not (tmp_path / "out.jsonl").exists()
