"""Masked excerpts: the only comment content an audit writes, with sensitive spans and identifiers hidden."""

from __future__ import annotations

import pytest

from assistant.audit.masking import EXCERPT_CHARS, Masker, MaskSpan, cut, mask
from assistant.detect import Detector


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        ("abc def ghi", [MaskSpan(0, 4, 7, "HEALTH")], "abc [HEALTH] ghi"),  # one span
        ("abc def ghi", [MaskSpan(0, 0, 3, "A"), MaskSpan(0, 8, 11, "B")], "[A] def [B]"),  # two, order kept
        ("abc def ghi", [MaskSpan(2, 0, 7, "PERSON"), MaskSpan(0, 4, 11, "HEALTH")], "abc [HEALTH]"),  # trusted wins
        ("abc", [MaskSpan(0, 1, 1, "EMPTY")], "abc"),  # an empty span changes nothing
    ],
)
def test_when_spans_are_masked_then_each_is_replaced_by_its_label(
    text: str, spans: list[MaskSpan], expected: str
) -> None:
    assert mask(text, spans) == expected


def test_when_a_masked_comment_is_long_then_the_excerpt_is_cut_around_the_first_mask() -> None:
    masked = "début " + "a" * 300 + " [HEALTH] " + "b" * 300

    excerpt = cut(masked)

    assert "[HEALTH]" in excerpt
    assert excerpt.startswith("…") and excerpt.endswith("…")
    assert len(excerpt) <= EXCERPT_CHARS + 2


def test_when_a_comment_spans_lines_then_the_excerpt_is_one_line() -> None:
    assert cut("ligne un\r\n  ligne\tdeux\n") == "ligne un ligne deux"


def _luhn(body: str) -> str:
    total = sum((int(c) * 2 - 9 if int(c) > 4 else int(c) * 2) if i % 2 == 0 else int(c)
                for i, c in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


CARD = _luhn("497010123456789")


@pytest.mark.parametrize(
    ("text", "labels", "hidden"),
    [
        # a health term, a titled name and a phone: all three hidden, the need kept
        ("Client sous chimio, rappeler Mme Durand au 06 12 34 56 78", ["[HEALTH]", "Mme [PERSON]", "[PHONE_NUMBER]"],
         ["chimio", "Durand", "06 12"]),
        # a card number with a valid Luhn digit
        (f"Paiement CB {CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:]} refusé", ["[CREDIT_CARD]"], [CARD[:4]]),
        # an e-mail gives the name away: hidden even though e-mails do not flag
        ("Cliente de confession juive, écrire à jean.durand@exemple.fr", ["[RELIGION]", "[EMAIL_ADDRESS]"],
         ["juive", "durand"]),
        # a long number that fails every checksum (a mistyped card or NIR) is hidden too
        ("Sous chimio, dossier 1234 5678 9012 3 en attente", ["[NUMBER]"], ["5678"]),
    ],
)
def test_when_a_flagged_comment_is_excerpted_then_sensitive_spans_and_identifiers_are_masked(
    detector: Detector, text: str, labels: list[str], hidden: list[str]
) -> None:
    excerpt = Masker(detector).excerpt(detector.analyze(text, deep=False))

    for label in labels:
        assert label in excerpt
    for secret in hidden:
        assert secret.lower() not in excerpt.lower()
