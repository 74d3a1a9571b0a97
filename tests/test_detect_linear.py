"""The numpy logistic regression of train/detect: mixed dense + sparse inputs, deterministic."""

from __future__ import annotations

import numpy as np

from train.detect.linear import Mixed, Sparse, fit, predict

# Four sentences over a vocabulary of three words; the dense column says nothing (all equal), so only the
# identity of word 1 (« prison ») can separate the two positives from the two negatives.
DENSE = np.ones((4, 1))
IDENTITY = Sparse(indices=np.array([0, 1, 2, 1, 0, 2, 2]), offsets=np.array([0, 2, 4, 5, 7]), width=3,
                  values=np.full(7, 0.5))
LABELS = np.array([[1.0], [1.0], [0.0], [0.0]])


def test_when_only_a_word_identity_separates_the_classes_then_a_mixed_fit_learns_it() -> None:
    weights, bias = fit(Mixed(DENSE, IDENTITY, sparse_l2=1e-4), LABELS, epochs=200)
    probabilities = predict(Mixed(DENSE, IDENTITY, sparse_l2=1e-4), weights, bias)[:, 0]
    assert probabilities[:2].min() > 0.8 > 0.2 > probabilities[2:].max()
    assert weights.shape == (1 + 3, 1)  # dense rows first, then one row per word
    assert weights[1 + 1, 0] == weights[1:, 0].max()  # the word that separates weighs most


def test_when_the_identity_l2_is_strong_then_the_word_weights_stay_small() -> None:
    loose, _ = fit(Mixed(DENSE, IDENTITY, sparse_l2=1e-4), LABELS, epochs=200)
    strict, _ = fit(Mixed(DENSE, IDENTITY, sparse_l2=1.0), LABELS, epochs=200)
    assert np.abs(strict[1:]).max() < np.abs(loose[1:]).max()


def test_a_taken_subset_keeps_its_rows_and_values() -> None:
    subset = Mixed(DENSE, IDENTITY, sparse_l2=1e-3).take(np.array([1, 3]))
    assert subset.sparse.indices.tolist() == [2, 1, 2, 2] and subset.sparse.offsets.tolist() == [0, 2, 4]
    assert len(subset) == 2 and subset.sparse.values.tolist() == [0.5] * 4


def test_the_same_data_gives_the_same_weights() -> None:
    first = fit(Mixed(DENSE, IDENTITY, 1e-3), LABELS, epochs=50)
    second = fit(Mixed(DENSE, IDENTITY, 1e-3), LABELS, epochs=50)
    np.testing.assert_array_equal(first[0], second[0])
