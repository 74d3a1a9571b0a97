"""Needs that name their reason are reworded only in a comment flagged for that reason."""

from __future__ import annotations

import pytest

from assistant.rewrite.needs import need_spans, neutral_needs, revealing_needs


@pytest.mark.parametrize(
    ("text", "lang", "categories", "expected", "reason"),
    [
        ("Factures en braille svp.", "fr", ["HEALTH"], "Factures en format accessible svp.",
         "the need stays, worded without the blindness"),
        ("Statements in braille please.", "en", ["HEALTH"], "Statements in an accessible format please.",
         "same in English"),
        ("Demande si le restaurant sert casher.", "fr", ["RELIGION"],
         "Demande si le restaurant sert des repas spécifiques.",
         "the longest wording is replaced first, so the sentence still reads"),
        ("Call back after sunset.", "en", ["RELIGION"], "Call back in the evening.",
         "a fast's timing becomes the evening"),
        ("Demande un véhicule de prêt adapté pendant les travaux.", "fr", ["HEALTH"],
         "Demande un véhicule de prêt équivalent pendant les travaux.", "an adapted vehicle gives a disability away"),
        ("Wants an adapted courtesy car for the week.", "en", ["HEALTH"],
         "Wants an equivalent courtesy car for the week.", "same in English"),
        ("Factures en braille svp.", "fr", ["INSULT"], "Factures en braille svp.",
         "not flagged for HEALTH: the comment does not reveal anything through it, it stays"),
        ("Call back after sunset.", "fr", ["RELIGION"], "Call back after sunset.",
         "the wording of another language is not touched"),
    ],
)
def test_when_need_names_its_reason_then_neutral_need(
    text: str, lang: str, categories: list[str], expected: str, reason: str
) -> None:
    assert neutral_needs(text, lang, categories) == expected


def test_when_need_phrase_found_then_its_span_is_kept_and_its_wording_reported() -> None:
    text = "Client aveugle, relevés en braille."
    assert [text[start:end] for start, end in need_spans(text, "fr", ["HEALTH"])] == ["en braille"]
    assert revealing_needs(text, "fr", ["HEALTH"]) == ["en braille"]
    assert revealing_needs("Relevés en format accessible.", "fr", ["HEALTH"]) == []
