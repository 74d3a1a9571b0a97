"""QA evaluation: must-mention matching, metrics, threshold calibration."""

from __future__ import annotations

import json

import pytest

from assistant.errors import InputError
from assistant.evaluation.qa import calibrate_threshold, load_questions, mentions, run_qa_eval, summarise


@pytest.mark.parametrize(
    ("answer", "group", "expected"),
    [
        ("Le délai est de 72 heures.", ["72 heures", "72 h"], True),  # exact alternative
        ("CONSERVÉES TROIS ANS", ["trois ans"], True),  # case and accents ignored
        ("le droit d’accès (art. 15)", ["droit d'accès"], True),  # typographic apostrophe
        ("la santé\u00a0mentale", ["santé mentale"], True),  # non-breaking space
        ("un délai d'un mois", ["deux mois", "60 jours"], False),  # no alternative present
    ],
)
def test_when_answer_is_matched_then_any_alternative_passes_the_group(answer, group, expected):
    assert mentions(answer, group) is expected


def _row(gold_declined, declined, groups=1, passed=1, sourced=True):
    return {"gold_declined": gold_declined, "declined": declined, "groups": groups, "passed": passed,
            "sourced": sourced, "top1": True, "top3": True, "has_gold_sources": not gold_declined,
            "missing": []}


def test_when_rows_are_summarised_then_rates_use_the_right_denominators():
    rows = [
        _row(False, False, groups=2, passed=2),
        _row(False, True, groups=2, passed=0, sourced=False),  # wrongly declined: mentions nothing
        _row(True, True, groups=0, passed=0, sourced=False),  # rightly declined
        _row(True, False, groups=0, passed=0),  # should have been declined
    ]
    metrics = summarise(rows, [0.01, 0.03, 0.02, 0.04])
    assert metrics["must_mention_rate"] == 0.5  # 2 of the 4 groups of answerable questions
    assert metrics["decline_accuracy"] == 0.5
    assert metrics["sourced_rate"] == 1.0  # over the two non-declined answers
    assert metrics["p50_ms"] == 25.0


@pytest.mark.parametrize(
    ("answerable", "declined", "threshold", "accuracy"),
    [
        ([0.5, 0.6], [0.1, 0.2], 0.35, 1.0),  # separable: the middle of the gap
        ([0.3, 0.6], [0.1, 0.4], 0.2, 0.75),  # overlap: one question must be misclassified
        ([0.5], [], 0.5 - 1e-6, 1.0),  # nothing to decline: answer everything
    ],
)
def test_when_threshold_is_calibrated_then_it_sits_in_the_widest_best_gap(answerable, declined, threshold, accuracy):
    result = calibrate_threshold(answerable, declined)
    assert result["threshold"] == pytest.approx(threshold, abs=1e-4)
    assert result["accuracy"] == accuracy


def test_when_a_line_is_not_json_then_input_error_names_the_line(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"question": "ok"}\nnot json\n', encoding="utf-8")
    with pytest.raises(InputError, match="Line 2"):
        load_questions(path)


def test_when_eval_runs_on_a_tiny_set_then_it_prints_a_table_and_returns_metrics(tiny_settings, tmp_path):
    path = tmp_path / "q.jsonl"
    records = [
        {"id": "a", "lang": "fr", "question": "Un client peut-il obtenir une copie de ses données ?",
         "must_mention": [["un mois"], ["copie"]], "declined": False, "sources": ["acces"]},
        {"id": "b", "lang": "fr", "question": "Quelle est la recette de la tarte tatin ?",
         "must_mention": [], "declined": True, "sources": []},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    lines: list[str] = []
    metrics = run_qa_eval(path, tiny_settings, echo=lines.append)
    assert metrics["must_mention_rate"] == 1.0 and metrics["decline_accuracy"] == 1.0
    assert metrics["top1_source"] == 1.0 and metrics["failures"] == []
    assert lines[0].startswith("QA (") and any("must_mention_rate" in line for line in lines)
