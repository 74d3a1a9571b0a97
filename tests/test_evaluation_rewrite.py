"""Rewrite metrics: chrF and the residual / keep / unchanged rates on a tiny gold set."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from assistant.evaluation.chrf import chrf
from assistant.evaluation.judges import leaked_cues, malformation
from assistant.evaluation.rewrite import rewrite_metrics


@pytest.mark.parametrize(
    ("hypothesis", "reference", "low", "high"),
    [
        ("Cliente souhaite un RDV", "Cliente souhaite un RDV", 100.0, 100.0),  # identical
        ("Cliente  souhaite un RDV", "Cliente souhaite un RDV", 100.0, 100.0),  # spaces are ignored
        ("abc", "xyz", 0.0, 0.0),  # nothing in common
        ("Cliente souhaite", "Cliente souhaite un RDV le 12/03", 40.0, 75.0),  # recall-weighted (beta 2): half
        ("Cliente souhaite un RDV le 12/03 merci", "Cliente souhaite un RDV le 12/03", 85.0, 99.9),  # extra words
    ],
)
def test_when_chrf_computed_then_score_in_expected_range(hypothesis: str, reference: str, low: float, high: float):
    assert low <= chrf(hypothesis, reference) <= high


@dataclass
class _Result:
    text: str
    method: str
    flag_after: bool


RECORDS = [
    {"id": "1", "lang": "fr", "text": "Cliente juive, RDV le 12/03", "flag": True, "keep": ["RDV le 12/03"],
     "categories": ["RELIGION"], "cues": ["juive"], "reference": "Cliente, RDV le 12/03"},
    {"id": "2", "lang": "fr", "text": "Client diabétique, cde 4471", "flag": True, "keep": ["cde 4471"],
     "categories": ["HEALTH"], "cues": ["Diabétique"], "reference": "Client, cde 4471"},
    {"id": "3", "lang": "fr", "text": "Client mécontent", "flag": False, "keep": [], "reference": "Client mécontent"},
    {"id": "4", "lang": "en", "text": "Customer called", "flag": False, "keep": [], "reference": "Customer called"},
]
CANNED = {
    "Cliente juive, RDV le 12/03": _Result("Cliente, RDV le 12/03", "llm", False),  # perfect
    "Client diabétique, cde 4471": _Result("Client diabétique", "rules", True),  # residual and a lost fact
    "Client mécontent": _Result("Client mécontent", "unchanged", False),  # unchanged
    "Customer called": _Result("Customer called back", "rules", False),  # a clean comment was changed
}


def test_when_metrics_computed_then_each_rate_counts_the_right_records() -> None:
    metrics = rewrite_metrics(RECORDS, lambda text, lang: CANNED[text])
    assert (metrics["flagged"], metrics["clean"]) == (2, 2)
    assert metrics["residual_rate"] == 0.5
    assert metrics["cue_residual_rate"] == 0.5  # the cue matches whatever its case
    assert metrics["cue_residual_by_category"] == {"HEALTH": 1.0, "RELIGION": 0.0}
    assert metrics["malformed_rate"] == 0.0
    assert metrics["keep_rate"] == 0.5
    assert metrics["unchanged_rate"] == 0.5
    assert metrics["methods"] == {"llm": 0.5, "rules": 0.5, "unchanged": 0.0}
    assert 50.0 < metrics["chrf"] < 100.0


def test_when_no_record_lists_cues_then_the_cue_residual_is_unknown_not_zero() -> None:
    records = [{key: value for key, value in record.items() if key != "cues"} for record in RECORDS]
    metrics = rewrite_metrics(records, lambda text, lang: CANNED[text])
    assert (metrics["cued"], metrics["cue_residual_rate"]) == (0, None)


def test_when_rewrites_are_malformed_then_each_reason_is_counted() -> None:
    canned = {
        "Cliente juive, RDV le 12/03": _Result(", RDV le 12/03", "rules", False),
        "Client diabétique, cde 4471": _Result("et cde 4471", "rules", False),
        "Client mécontent": _Result("Client mécontent", "unchanged", False),
        "Customer called": _Result("Customer called", "unchanged", False),
    }
    metrics = rewrite_metrics(RECORDS, lambda text, lang: canned[text])
    assert metrics["malformed_rate"] == 1.0
    assert metrics["malformed_by_reason"] == {"opens with punctuation": 1, "opens with a connector": 1}


@pytest.mark.parametrize(
    ("text", "cues", "leaked"),
    [
        ("Client diabetique, cde 4471", ["diabétique"], ["diabétique"]),  # accents and case do not hide a cue
        ("Client, cde 4471", ["diabétique"], []),  # gone
        ("Cliente juivement ravie", ["juive"], []),  # whole words only
        ("Customer is in REHAB again", ["in rehab"], ["in rehab"]),  # a phrase, whatever its case
    ],
)
def test_when_cues_are_looked_for_then_whole_words_match_case_and_accent_insensitively(
    text: str, cues: list[str], leaked: list[str]
) -> None:
    assert leaked_cues(text, cues) == leaked


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Client souhaite un RDV le 12/03.", None),  # a plain sentence
        ("« Rappeler demain », dit la cliente.", None),  # a quotation may open a sentence
        ("   ", "empty"),
        ("(en cure de désintox), demande un report", "opens with punctuation"),
        (", demande un report", "opens with punctuation"),
        ("and can't take calls, e-mail only", "opens with a connector"),
        ("Et demande un report", "opens with a connector"),
        ("Client (en attente demande un report", "unbalanced brackets"),
    ],
)
def test_when_a_rewrite_is_judged_then_broken_sentences_are_named(text: str, problem: str | None) -> None:
    assert malformation(text) == problem
