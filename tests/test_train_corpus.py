"""The rewrite corpus generator: valid identifiers, agreement, clean pairs unchanged, held-out fragments unseen."""

from __future__ import annotations

import random
import re

import pytest

from assistant.evaluation.judges import leaked_cues
from train.rewrite import fragments_fr
from train.rewrite.generate import Facts, Library, _luhn_digit, agree, build


@pytest.fixture(scope="module")
def records() -> list[dict[str, object]]:
    return build(seed=5)


@pytest.mark.parametrize(
    ("text", "gender", "expected"),
    [
        ("{S} sourd{e}", "m", "{S} sourd"),  # {e} is empty for a man
        ("{S} sourd{e}", "f", "{S} sourde"),  # and "e" for a woman
        ("{Il|Elle} est dépressi{f|ve}", "f", "Elle est dépressive"),  # any pair of forms
    ],
)
def test_when_fragment_agrees_then_the_subject_gender_picks_the_form(text: str, gender: str, expected: str) -> None:
    assert agree(text, gender) == expected


def test_when_identifiers_drawn_then_their_checksums_are_valid() -> None:
    facts = Facts(random.Random(3), "fr")
    for _ in range(50):
        card = re.sub(r"\D", "", facts._card())
        assert _luhn_digit([int(d) for d in card[:-1]]) == int(card[-1])
        iban = facts._iban().replace(" ", "")
        assert int("".join(str(int(c, 36)) for c in iban[4:] + iban[:4])) % 97 == 1
        nir = facts._nir().replace(" ", "")
        assert 97 - int(nir[:13]) % 97 == int(nir[13:])


def test_when_comment_is_clean_then_its_reference_is_the_text(records: list[dict[str, object]]) -> None:
    clean = [r for r in records if not r["flag"]]
    assert clean and all(r["reference"] == r["text"] and not r["cues"] for r in clean)


def test_when_comment_is_flagged_then_its_cues_are_in_the_text_and_its_facts_in_the_reference(
    records: list[dict[str, object]],
) -> None:
    flagged = [r for r in records if r["flag"]]
    for record in flagged:
        assert record["reference"] != record["text"]
        assert leaked_cues(record["text"], record["cues"]) == record["cues"]
        assert all(fact in record["reference"] for fact in record["keep"])


def test_when_split_then_heldout_fragments_never_appear_in_training() -> None:
    train, heldout = Library(fragments_fr, "train"), Library(fragments_fr, "heldout")
    for category, fragments in heldout.leads.items():
        held = {fragment[0] for fragment in fragments}
        assert held and not held & {fragment[0] for fragment in train.leads[category]}
    assert heldout.negatives and not set(heldout.negatives) & set(train.negatives)


def test_when_built_then_at_least_seven_in_ten_comments_are_french(records: list[dict[str, object]]) -> None:
    assert sum(r["lang"] == "fr" for r in records) / len(records) >= 0.7
