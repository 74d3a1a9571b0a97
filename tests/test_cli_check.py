"""`assistant check`, through click's runner: human output, the JSONL contract, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from assistant.cli import main


def test_when_text_is_given_then_verdict_and_reason_are_printed() -> None:
    result = CliRunner().invoke(main, ["check", "Cliente de confession juive, rappeler jeudi"])
    assert result.exit_code == 0
    assert "FLAGGED" in result.output
    assert "RGPD art. 9(1)" in result.output


def test_when_jsonl_then_one_line_per_input_in_order_with_the_contract_keys(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    lines = [
        {"id": "a", "text": "client sous chimio", "extra": 1},
        {"id": "b", "text": "Livraison au 3 rue de l'Église", "lang": "fr"},
        {"id": "c", "text": "Customer paid with card 4556 7375 8001 9005"},
    ]
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["check", "--jsonl", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ["a", "b", "c"]
    assert [r["flag"] for r in records] == [True, False, True]
    assert set(records[0]) == {"id", "flag", "categories", "entities"}
    assert records[0]["categories"] == ["HEALTH"]
    entity = records[0]["entities"][0]
    assert set(entity) == {"type", "start", "end", "text", "score", "reason"}
    assert "client sous chimio"[entity["start"]:entity["end"]] == entity["text"]


def test_when_a_jsonl_line_is_broken_then_it_is_reported_and_the_rest_processed(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "ok"}\nnot json\n{"id": "c", "text": ""}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--jsonl", str(source)])
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [("error" in r) for r in records] == [False, True, True]
    assert "2 of 3 lines" in result.stderr


def test_when_text_is_empty_then_exit_code_is_nonzero_with_one_sentence() -> None:
    result = CliRunner().invoke(main, ["check", "  "])
    assert result.exit_code == 1
    assert result.stderr.strip().startswith("Error: The comment is empty")


def test_when_jsonl_file_is_missing_then_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--jsonl", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 1
    assert "Cannot read" in result.stderr
