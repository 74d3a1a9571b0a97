"""One-vs-rest logistic regression in numpy, on sparse (word features) or dense (sentence embeddings) inputs.

Full-batch Adam from zero weights, a fixed number of epochs and no shuffling: the same data always
gives the same weights.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

EPOCHS = 300
LEARNING_RATE = 0.05
L2 = 1e-4  # per example; chosen on held-out folds (1e-3 underfits the rare categories, 1e-5 memorises)
POSITIVE_WEIGHT_POWER = 0.5  # positives weighted by (negatives / positives) ** this, per category


@dataclass
class Sparse:
    """Rows of feature indices (bag of features, repeats count), as CSR offsets."""

    indices: np.ndarray
    offsets: np.ndarray  # start of each example in `indices`; len = examples + 1
    width: int

    def take(self, examples: np.ndarray) -> Sparse:
        parts = [self.indices[self.offsets[e]:self.offsets[e + 1]] for e in examples]
        lengths = np.array([len(part) for part in parts])
        return Sparse(np.concatenate(parts) if parts else np.zeros(0, int),
                      np.concatenate([[0], np.cumsum(lengths)]).astype(int), self.width)

    def __len__(self) -> int:
        return len(self.offsets) - 1


def _logits_sparse(x: Sparse, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    out = np.tile(bias, (len(x), 1))
    lengths = np.diff(x.offsets)
    filled = np.flatnonzero(lengths)
    if len(filled):
        out[filled] += np.add.reduceat(weights[x.indices], x.offsets[filled], axis=0)
    return out


def fit(
    x: Sparse | np.ndarray, labels: np.ndarray, epochs: int = EPOCHS, l2: float = L2
) -> tuple[np.ndarray, np.ndarray]:
    """Weights (features × categories) and biases of one logistic regression per label column."""
    examples, categories = labels.shape
    width = x.width if isinstance(x, Sparse) else x.shape[1]
    weights = np.zeros((width, categories))
    bias = np.zeros(categories)
    positives = labels.sum(axis=0)
    balance = ((examples - positives) / np.maximum(positives, 1)) ** POSITIVE_WEIGHT_POWER
    class_weight = np.where(labels > 0, balance, 1.0)
    normaliser = class_weight.sum(axis=0)
    moments = [np.zeros_like(weights), np.zeros_like(weights), np.zeros_like(bias), np.zeros_like(bias)]
    if isinstance(x, Sparse):
        example_of = np.repeat(np.arange(examples), np.diff(x.offsets))
    for step in range(1, epochs + 1):
        logits = _logits_sparse(x, weights, bias) if isinstance(x, Sparse) else x @ weights + bias
        error = (1 / (1 + np.exp(-logits)) - labels) * class_weight / normaliser
        if isinstance(x, Sparse):
            grad_w = np.zeros_like(weights)
            np.add.at(grad_w, x.indices, error[example_of])
        else:
            grad_w = x.T @ error
        grad_w += l2 * weights
        grad_b = error.sum(axis=0)
        for param, grad, first, second in ((weights, grad_w, 0, 1), (bias, grad_b, 2, 3)):
            moments[first] = 0.9 * moments[first] + 0.1 * grad
            moments[second] = 0.999 * moments[second] + 0.001 * grad * grad
            corrected = moments[first] / (1 - 0.9 ** step)
            scale = np.sqrt(moments[second] / (1 - 0.999 ** step)) + 1e-8
            param -= LEARNING_RATE * corrected / scale
    return weights, bias


def predict(x: Sparse | np.ndarray, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """Probabilities, examples × categories."""
    logits = _logits_sparse(x, weights, bias) if isinstance(x, Sparse) else x @ weights + bias
    return 1 / (1 + np.exp(-logits))
