"""One-vs-rest logistic regression in numpy, on sparse (word features), dense (vectors) or mixed inputs.

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
    """Rows of feature indices (bag of features, repeats count), as CSR offsets, with optional values."""

    indices: np.ndarray
    offsets: np.ndarray  # start of each example in `indices`; len = examples + 1
    width: int
    values: np.ndarray | None = None  # one per index; None means 1.0 each

    def take(self, examples: np.ndarray) -> Sparse:
        parts = [np.arange(self.offsets[e], self.offsets[e + 1]) for e in examples]
        positions = np.concatenate(parts) if parts else np.zeros(0, int)
        lengths = np.array([len(part) for part in parts])
        return Sparse(self.indices[positions], np.concatenate([[0], np.cumsum(lengths)]).astype(int), self.width,
                      None if self.values is None else self.values[positions])

    def __len__(self) -> int:
        return len(self.offsets) - 1


@dataclass
class Mixed:
    """Dense columns beside sparse ones (word vectors beside word identities); the sparse weights get
    their own, stronger L2 so that a word the corpus used little leans on its vector's meaning."""

    dense: np.ndarray
    sparse: Sparse
    sparse_l2: float

    def take(self, examples: np.ndarray) -> Mixed:
        return Mixed(self.dense[examples], self.sparse.take(examples), self.sparse_l2)

    def __len__(self) -> int:
        return len(self.dense)


def _sparse_logits(x: Sparse, weights: np.ndarray) -> np.ndarray:
    out = np.zeros((len(x), weights.shape[1]))
    lengths = np.diff(x.offsets)
    filled = np.flatnonzero(lengths)
    if len(filled):
        rows = weights[x.indices] if x.values is None else weights[x.indices] * x.values[:, None]
        out[filled] = np.add.reduceat(rows, x.offsets[filled], axis=0)
    return out


def _sparse_gradient(x: Sparse, error: np.ndarray) -> np.ndarray:
    per_index = error[np.repeat(np.arange(len(x)), np.diff(x.offsets))]
    if x.values is not None:
        per_index = per_index * x.values[:, None]
    return np.stack([np.bincount(x.indices, weights=per_index[:, j], minlength=x.width)
                     for j in range(error.shape[1])], axis=1)


def _width(x: Sparse | Mixed | np.ndarray) -> int:
    if isinstance(x, Sparse):
        return x.width
    if isinstance(x, Mixed):
        return x.dense.shape[1] + x.sparse.width
    return x.shape[1]


def _logits(x: Sparse | Mixed | np.ndarray, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    if isinstance(x, Sparse):
        return _sparse_logits(x, weights) + bias
    if isinstance(x, Mixed):
        split = x.dense.shape[1]
        return x.dense @ weights[:split] + _sparse_logits(x.sparse, weights[split:]) + bias
    return x @ weights + bias


def fit(
    x: Sparse | Mixed | np.ndarray, labels: np.ndarray, epochs: int = EPOCHS, l2: float = L2
) -> tuple[np.ndarray, np.ndarray]:
    """Weights (features × categories; a Mixed input's dense rows first) and biases of one logistic
    regression per label column."""
    examples, categories = labels.shape
    weights = np.zeros((_width(x), categories))
    bias = np.zeros(categories)
    penalty = np.full((len(weights), 1), l2)
    if isinstance(x, Mixed):
        penalty[x.dense.shape[1]:] = x.sparse_l2
    positives = labels.sum(axis=0)
    balance = ((examples - positives) / np.maximum(positives, 1)) ** POSITIVE_WEIGHT_POWER
    class_weight = np.where(labels > 0, balance, 1.0)
    normaliser = class_weight.sum(axis=0)
    moments = [np.zeros_like(weights), np.zeros_like(weights), np.zeros_like(bias), np.zeros_like(bias)]
    for step in range(1, epochs + 1):
        error = (1 / (1 + np.exp(-_logits(x, weights, bias))) - labels) * class_weight / normaliser
        if isinstance(x, Sparse):
            grad_w = _sparse_gradient(x, error)
        elif isinstance(x, Mixed):
            grad_w = np.vstack([x.dense.T @ error, _sparse_gradient(x.sparse, error)])
        else:
            grad_w = x.T @ error
        grad_w += penalty * weights
        grad_b = error.sum(axis=0)
        for param, grad, first, second in ((weights, grad_w, 0, 1), (bias, grad_b, 2, 3)):
            moments[first] = 0.9 * moments[first] + 0.1 * grad
            moments[second] = 0.999 * moments[second] + 0.001 * grad * grad
            corrected = moments[first] / (1 - 0.9 ** step)
            scale = np.sqrt(moments[second] / (1 - 0.999 ** step)) + 1e-8
            param -= LEARNING_RATE * corrected / scale
    return weights, bias


def predict(x: Sparse | Mixed | np.ndarray, weights: np.ndarray, bias: np.ndarray) -> np.ndarray:
    """Probabilities, examples × categories."""
    return 1 / (1 + np.exp(-_logits(x, weights, bias)))
