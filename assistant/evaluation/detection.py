"""Detection metrics (DESIGN.md): flag P/R/F1, per-category P/R, per-PII-type recall and precision.

Two more for the learned layer and the evidence spans: the share of sensitive findings and of
(comment, category) decisions that only the sentence classifier made (and how many of those were
right), and, when the dataset has gold `cues`, how much of them the sensitive findings' spans cover.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from assistant.detect.policy import FLAGGING_PII, PII_TYPES, SENSITIVE_CATEGORIES, is_flagged
from assistant.evaluation.dataset import gold_spans


@dataclass(frozen=True, slots=True)
class Prediction:
    """What a system said about one comment: entity (type, start, end) triples, and which layer found each."""

    entities: tuple[tuple[str, int, int], ...]
    sources: tuple[str, ...] = ()  # per entity: "rule", "model" or "ner"; empty for the baseline

    @property
    def learned_categories(self) -> set[str]:
        """Categories only the sentence classifier found."""
        by_source: dict[str, set[str]] = {}
        for (kind, _, _), source in zip(self.entities, self.sources, strict=False):
            by_source.setdefault(kind, set()).add(source)
        return {kind for kind, sources in by_source.items() if kind in SENSITIVE_CATEGORIES and sources == {"model"}}

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


def cue_coverage(record: dict, prediction: Prediction) -> tuple[int, int, int]:
    """(cue letters inside a sensitive finding, cue letters, cues wholly inside) for one comment."""
    text = record["text"]
    spans = [(start, end) for kind, start, end in prediction.entities if kind in SENSITIVE_CATEGORIES]
    covered = total = whole = 0
    for cue in record.get("cues", []):
        start = text.find(cue)
        if start < 0:
            continue
        letters = [i for i in range(start, start + len(cue)) if text[i].isalnum()]
        inside = sum(any(s <= i < e for s, e in spans) for i in letters)
        covered, total, whole = covered + inside, total + len(letters), whole + (inside == len(letters))
    return covered, total, whole


def score_detection(records: list[dict], predictions: Iterable[Prediction]) -> dict:
    """All detection metrics of one system over the dev set."""
    flag_counts = [0, 0, 0]
    learned = {"findings": 0, "sensitive_findings": 0, "decisions": 0, "correct_decisions": 0}
    cues = [0, 0, 0, 0]  # covered letters, letters, cues wholly covered, cues
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
        kinds = [kind for kind, _, _ in prediction.entities]
        learned["sensitive_findings"] += sum(kind in SENSITIVE_CATEGORIES for kind in kinds)
        learned["findings"] += sum(kind in SENSITIVE_CATEGORIES and source == "model"
                                   for kind, source in zip(kinds, prediction.sources, strict=False))
        learned["decisions"] += len(prediction.learned_categories)
        learned["correct_decisions"] += len(prediction.learned_categories & gold_categories)
        covered, letters, whole = cue_coverage(record, prediction)
        cues = [cues[0] + covered, cues[1] + letters, cues[2] + whole, cues[3] + len(record.get("cues", []))]
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
        "learned": {
            **learned,
            "share_of_findings": _ratio(learned["findings"], learned["sensitive_findings"]),
            "decision_precision": _ratio(learned["correct_decisions"], learned["decisions"]),
        },
        "cues": {"letters_covered": _ratio(cues[0], cues[1]), "cues_wholly_covered": _ratio(cues[2], cues[3]),
                 "cues": cues[3]},
        "flag_errors": errors,
    }
