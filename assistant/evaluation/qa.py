"""QA evaluation over questions.jsonl: must-mention rate, decline accuracy, sourced answers, retrieval hits.

Retrieval is judged on answerable questions with gold `sources` (card ids; a card and its translation count
as one topic): top1_source (the best-ranked topic is a gold one) and top3_source (a gold one is in the top 3).

A must-mention group passes when the answer contains any of its alternatives, case- and accent-insensitively.
A question is "answerable" when its gold `declined` is false; a declined answer to it mentions nothing.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

from assistant.config import Settings
from assistant.errors import InputError
from assistant.rag.answer import answer_question, get_retriever
from assistant.rag.retriever import topic_of
from assistant.text import fold_plain

TOP_K = 3  # "the right card in the top 3"


def _normalised(text: str) -> str:
    return " ".join(fold_plain(text).split())


def mentions(answer: str, group: list[str]) -> bool:
    """True when the answer contains one of the alternatives (case, accents and spacing ignored)."""
    folded = _normalised(answer)
    return any(_normalised(alternative) in folded for alternative in group)


def load_questions(path: Path) -> list[dict]:
    """The dev questions; InputError when the file is missing or a line is not a JSON object."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise InputError(f"The questions file {path} cannot be read; check the path.") from error
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"Line {number} of {path} is not valid JSON.") from error
        if not isinstance(record, dict) or "question" not in record:
            raise InputError(f"Line {number} of {path} needs a \"question\".")
        records.append(record)
    return records


def _topic(card_id: str) -> str:
    return card_id.removesuffix("-en")


def _score(record: dict, answer, ranked_topics: list[str]) -> dict:
    groups = record.get("must_mention") or []
    passed = [mentions(answer.answer, group) for group in groups] if not answer.declined else [False] * len(groups)
    gold_topics = {_topic(source) for source in record.get("sources") or []}
    return {
        "id": record.get("id"),
        "gold_declined": bool(record.get("declined")),
        "declined": answer.declined,
        "groups": len(groups),
        "passed": sum(passed),
        "missing": [group for group, ok in zip(groups, passed, strict=True) if not ok],
        "sourced": bool(answer.sources),
        "top1": bool(gold_topics) and bool(ranked_topics) and ranked_topics[0] in gold_topics,
        "top3": bool(gold_topics & set(ranked_topics[:TOP_K])),
        "has_gold_sources": bool(gold_topics),
        "cited": [source.id for source in answer.sources],
    }


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def summarise(rows: list[dict], latencies: list[float]) -> dict:
    """The metrics of scored rows."""
    answerable = [row for row in rows if not row["gold_declined"]]
    answered = [row for row in rows if not row["declined"]]
    with_gold = [row for row in answerable if row["has_gold_sources"]]
    return {
        "questions": len(rows),
        "answerable": len(answerable),
        "must_mention_rate": _ratio(sum(r["passed"] for r in answerable), sum(r["groups"] for r in answerable)),
        "all_mentioned_rate": _ratio(sum(r["passed"] == r["groups"] for r in answerable), len(answerable)),
        "decline_accuracy": _ratio(sum(r["declined"] == r["gold_declined"] for r in rows), len(rows)),
        "sourced_rate": _ratio(sum(r["sourced"] for r in answered), len(answered)),
        "top1_source": _ratio(sum(r["top1"] for r in with_gold), len(with_gold)),
        f"top{TOP_K}_source": _ratio(sum(r["top3"] for r in with_gold), len(with_gold)),
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else 0.0,
    }


def calibrate_threshold(answerable: list[float], declined: list[float]) -> dict:
    """The decline threshold that classifies most questions right, centred in the widest such gap.

    `answerable` and `declined` are the best retrieval scores of questions that should be answered or
    declined. Returns the threshold, its accuracy and its margin (distance to the nearest question score).
    """
    scores = sorted({*answerable, *declined})
    if not scores:
        return {"threshold": 0.0, "accuracy": 0.0, "margin": 0.0}
    candidates = [(low + high) / 2 for low, high in pairwise(scores)]
    candidates += [scores[0] - 1e-6, scores[-1] + 1e-6]
    total = len(answerable) + len(declined)

    def quality(threshold: float) -> tuple[float, float]:
        right = sum(score >= threshold for score in answerable) + sum(score < threshold for score in declined)
        margin = min(abs(score - threshold) for score in scores)
        return right / total, margin

    best = max(candidates, key=quality)
    accuracy, margin = quality(best)
    return {"threshold": round(best, 4), "accuracy": round(accuracy, 4), "margin": round(margin, 4)}


def run_qa_eval(path: Path, settings: Settings, echo: Callable[[str], None] = print) -> dict:
    """Answer every dev question with the real pipeline and print a metrics table; returns the metrics."""
    records = load_questions(path)
    retriever = get_retriever(settings)
    rows, latencies, top_scores = [], [], []
    for record in records:
        started = time.perf_counter()
        answer = answer_question(record["question"], record.get("lang"), settings=settings, retriever=retriever)
        latencies.append(time.perf_counter() - started)
        hits = retriever.retrieve(answer.question, answer.lang, TOP_K)
        rows.append(_score(record, answer, [topic_of(hit.passage) for hit in hits]))
        top_scores.append((bool(record.get("declined")), max((hit.score for hit in hits), default=0.0)))
    metrics = summarise(rows, latencies)
    calibration = calibrate_threshold([s for declined, s in top_scores if not declined],
                                      [s for declined, s in top_scores if declined])
    metrics["threshold"] = settings.answer_threshold
    metrics["suggested_threshold"] = calibration["threshold"]
    metrics["threshold_margin"] = calibration["margin"]
    echo(f"QA ({path}, {metrics['questions']} questions, {metrics['answerable']} answerable)")
    for name, value in metrics.items():
        if name not in ("questions", "answerable"):
            echo(f"  {name:<20} {value}")
    metrics["failures"] = [row for row in rows if row["missing"] or row["declined"] != row["gold_declined"]]
    return metrics
