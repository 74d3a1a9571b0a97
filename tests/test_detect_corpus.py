"""The detector's training corpus (train/detect/corpus/): well-formed, labelled, copying no measured set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT
from train.detect.corpus import Phrase, dev_copies, generate, load_phrases
from train.detect.train import CATEGORIES, MEASURED_SETS


@pytest.fixture(scope="module")
def phrases() -> list[Phrase]:
    return load_phrases()


def test_when_an_entry_is_an_unquoted_colon_then_loading_fails_with_the_file_name(tmp_path: Path) -> None:
    # « adresse : centre pénitentiaire » unquoted is a YAML mapping, not a phrase: it must not be trained on
    (tmp_path / "criminal.yaml").write_text(
        "labels: [CRIMINAL]\npositive:\n  fr:\n    - adresse : centre pénitentiaire\nnegative: {}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"criminal\.yaml.*quote it"):
        load_phrases(tmp_path)


def test_every_category_has_positives_and_the_corpus_has_hard_negatives(phrases: list[Phrase]) -> None:
    positives = {category: sum(category in p.labels for p in phrases) for category in CATEGORIES}
    assert min(positives.values()) >= 100, positives  # UNION had 15 phrases: recall 0.10 held out
    negatives = [p for p in phrases if not p.labels]
    assert len(negatives) >= len(phrases) / 3


def test_most_of_the_corpus_is_french(phrases: list[Phrase]) -> None:
    assert sum(p.lang == "fr" for p in phrases) / len(phrases) >= 0.70


def test_no_phrase_copies_a_measured_comment_set(phrases: list[Phrase]) -> None:
    texts = [json.loads(line)["text"] for name in MEASURED_SETS
             for line in (PROJECT_ROOT / "eval" / "data" / name).read_text(encoding="utf-8").splitlines()]
    assert dev_copies(phrases, texts) == []


def test_the_generated_sentences_are_the_same_for_the_same_seed(phrases: list[Phrase]) -> None:
    sample = phrases[::50]
    assert generate(sample, seed=3) == generate(sample, seed=3)
    assert generate(sample, seed=3) != generate(sample, seed=4)
