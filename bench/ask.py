"""`ask` latency, warm: p50/p95 of answer_question over the dev questions, each asked once.

Run: .venv/bin/python -m bench.ask [--questions eval/data/questions.jsonl]
Writes bench/out/ask.json. Warm means the store is synchronised, the encoder loaded and past its first
seconds (on this machine the first ~20 encodings of a process take ~0.3 s each, then ~15 ms): the warm-up
asks questions of its own, so no measured question is in the retriever's cache of embedded questions.
The machine's load average is printed with the numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from assistant.config import get_settings
from assistant.rag.answer import answer_question, get_retriever

ROOT = Path(__file__).resolve().parent.parent
WARM_UP_QUESTIONS = 40
TARGET_P50_MS = 100  # DESIGN: `ask` p50 ≤ 100 ms warm


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=ROOT / "eval" / "data" / "questions.jsonl")
    args = parser.parse_args()
    settings = get_settings()
    records = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    retriever = get_retriever(settings)
    for number in range(WARM_UP_QUESTIONS):
        answer_question(f"Question d'échauffement numéro {number} sur la conservation des données ?", "fr",
                        settings=settings, retriever=retriever)
    warm_up = time.perf_counter() - started
    load_before = os.getloadavg()[0]
    seconds = []
    for record in records:
        started = time.perf_counter()
        answer_question(record["question"], record.get("lang"), settings=settings, retriever=retriever)
        seconds.append(time.perf_counter() - started)
    p50_ms = statistics.median(seconds) * 1000
    report = {
        "questions": len(records),
        "answer_mode": settings.answer_mode,
        "warm_up_s": round(warm_up, 2),
        "p50_ms": round(p50_ms, 1),
        "p95_ms": round(_percentile(seconds, 0.95) * 1000, 1),
        "target_p50_ms": TARGET_P50_MS,
        "meets_target": p50_ms <= TARGET_P50_MS,
        "load_average_before": round(load_before, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
    }
    for key, value in report.items():
        print(f"{key:>20}: {value}")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "ask.json").write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
