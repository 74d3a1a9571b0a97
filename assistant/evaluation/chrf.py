"""chrF (Popović 2015): character n-gram F-score, n = 1..6, beta = 2, spaces ignored, as sacrebleu computes it."""

from __future__ import annotations

from collections import Counter

CHAR_ORDER = 6
BETA = 2.0


def _ngrams(text: str, n: int) -> Counter[str]:
    return Counter(text[i:i + n] for i in range(len(text) - n + 1))


def chrf(hypothesis: str, reference: str, *, order: int = CHAR_ORDER, beta: float = BETA) -> float:
    """Sentence chrF in [0, 100]: the F-beta of n-gram precision and recall, averaged over the orders present."""
    hyp = "".join(hypothesis.split())
    ref = "".join(reference.split())
    if hyp == ref:
        return 100.0
    factor = beta ** 2
    score = 0.0
    effective = 0
    for n in range(1, order + 1):
        hyp_grams, ref_grams = _ngrams(hyp, n), _ngrams(ref, n)
        hyp_total, ref_total = sum(hyp_grams.values()), sum(ref_grams.values())
        if hyp_total == 0 or ref_total == 0:
            continue
        effective += 1
        matches = sum((hyp_grams & ref_grams).values())
        precision, recall = matches / hyp_total, matches / ref_total
        denominator = factor * precision + recall
        if denominator > 0:
            score += (1 + factor) * precision * recall / denominator
    return 100.0 * score / effective if effective else 0.0
