"""Detection metrics (DESIGN.md): flag P/R/F1, per-category P/R, per-PII-type recall and precision."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from assistant.detect.policy import FLAGGING_PII, PII_TYPES, SENSITIVE_CATEGORIES, is_flagged
from assistant.evaluation.dataset import gold_spans


@dataclass(frozen=True, slots=True)
class Prediction:
    """What a system said about one comment: entity (type, start, end) triples."""

    entities: tuple[tuple[str, int, int], ...]

    @property
    def flag(self) -> bool:
        return is_flagged(kind for kind, _, _ in self.entities if kind in SENSITIVE_CATEGORIES or kind in PII_TYPES)

    @property
    def categories(self) -> set[str]:
        return {kind for kind, _, _ in self.entities if kind in SENSITIVE_CATEGORIES}


Predictor = Callable[[dict], Prediction]


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def _prf(tp: int, fp: int, fn: int) -> dict[str, float | int | None]:
    precision = _ratio(tp, tp + fp)
    recall = _ratio(tp, tp + fn)
    f1 = None
    if precision is not None and recall is not None and precision + recall:
        f1 = round(2 * precision * recall / (precision + recall), 4)
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "fp": fp, "fn": fn}


def _overlaps(a: tuple[str, int, int], b: tuple[str, int, int]) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def score_detection(records: list[dict], predictions: Iterable[Prediction]) -> dict:
    """All detection metrics of one system over the dev set."""
    flag_counts = [0, 0, 0]
    clean_total = clean_flagged = 0
    category_counts = {name: [0, 0, 0] for name in SENSITIVE_CATEGORIES}
    pii_counts = {name: {"gold": 0, "found": 0, "predicted": 0, "correct": 0} for name in PII_TYPES}
    errors: list[dict] = []
    for record, prediction in zip(records, predictions, strict=True):
        gold_flag = bool(record["flag"])
        flag_counts[0] += gold_flag and prediction.flag
        flag_counts[1] += prediction.flag and not gold_flag
        flag_counts[2] += gold_flag and not prediction.flag
        if not gold_flag:
            clean_total += 1
            clean_flagged += prediction.flag
        if gold_flag != prediction.flag:
            errors.append({"id": record["id"], "gold": gold_flag, "predicted": prediction.flag})
        gold_categories = set(record.get("categories", []))
        for name, counts in category_counts.items():
            counts[0] += name in gold_categories and name in prediction.categories
            counts[1] += name in prediction.categories and name not in gold_categories
            counts[2] += name in gold_categories and name not in prediction.categories
        gold = [span for span in gold_spans(record) if span[0] in pii_counts]
        predicted = [entity for entity in prediction.entities if entity[0] in pii_counts]
        for span in gold:
            pii_counts[span[0]]["gold"] += 1
            pii_counts[span[0]]["found"] += any(_overlaps(span, entity) for entity in predicted)
        for entity in predicted:
            pii_counts[entity[0]]["predicted"] += 1
            pii_counts[entity[0]]["correct"] += any(_overlaps(entity, span) for span in gold)
    return {
        "comments": len(records),
        "flag": _prf(*flag_counts),
        "clean_flagged_rate": _ratio(clean_flagged, clean_total),
        "categories": {name: _prf(*counts) for name, counts in category_counts.items()},
        "pii": {
            name: {
                "recall": _ratio(c["found"], c["gold"]),
                "precision": _ratio(c["correct"], c["predicted"]),
                "gold": c["gold"],
                "predicted": c["predicted"],
            }
            for name, c in pii_counts.items()
        },
        "invalid_numbers_reported": sum(
            pii_counts[name]["predicted"] - pii_counts[name]["correct"] for name in FLAGGING_PII
        ),
        "flag_errors": errors,
    }
