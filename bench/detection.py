"""Detection benchmark: our flagging throughput vs vanilla Presidio's BatchAnalyzerEngine, same comments,
same run; the learned layer's cost (the same passes with it turned off); `check` latency (full path, warm)
p50/p95; peak RSS.

Throughput is compared twice: in wall-clock comments/s, and in comments per CPU-second of this process
(time.process_time), which stays meaningful when other jobs share the machine.

Run: .venv/bin/python -m bench.detection [--comments eval/data/comments.jsonl] [--vanilla-rows 1000]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time
from pathlib import Path

from assistant.config import PROJECT_ROOT, get_settings
from assistant.detect import Detector, get_detector
from assistant.evaluation.baseline import vanilla_batch
from assistant.evaluation.dataset import load_jsonl


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _flagging_rate(detector: Detector, texts: list[str], repeat: int) -> tuple[float, float, int]:
    """Comments flagged per second and per CPU-second (lexicons and patterns, no NER), and how many were
    flagged per pass."""
    detector.analyze(texts[0], deep=False)
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        flagged = sum(detector.analyze(text, deep=False).flag for text in texts)
    count = repeat * len(texts)
    return count / (time.perf_counter() - started), count / (time.process_time() - cpu), flagged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--comments", type=Path, default=PROJECT_ROOT / "eval" / "data" / "comments.jsonl")
    parser.add_argument("--vanilla-rows", type=int, default=1000, help="Comments given to vanilla Presidio.")
    parser.add_argument("--repeat", type=int, default=20, help="Passes of our flagging path over those comments.")
    parser.add_argument("--json", type=Path, default=None, help="Also write the numbers here.")
    args = parser.parse_args()

    settings = get_settings()
    records = load_jsonl(args.comments)
    texts = [records[i % len(records)]["text"] for i in range(args.vanilla_rows)]
    detector = get_detector(settings)
    detector.analyze(texts[0])  # warm-up: loads spaCy and Presidio

    ours_rate, ours_cpu_rate, flagged = _flagging_rate(detector, texts, args.repeat)
    lexicon_only = Detector(settings.model_copy(update={"sentence_classifier": False}))
    lexicon_only_rate, _, _ = _flagging_rate(lexicon_only, texts, args.repeat)

    batch = vanilla_batch(settings)
    list(batch.analyze_iterator(texts[:10], language="fr"))  # warm-up
    started, cpu = time.perf_counter(), time.process_time()
    list(batch.analyze_iterator(texts, language="fr", batch_size=64))
    vanilla_rate = len(texts) / (time.perf_counter() - started)
    vanilla_cpu_rate = len(texts) / (time.process_time() - cpu)

    latencies = []
    for text in texts[:300]:
        started = time.perf_counter()
        detector.analyze(text)
        latencies.append((time.perf_counter() - started) * 1000)

    numbers = {
        "comments": len(texts),
        "flagged_per_pass": flagged,
        "ours_flagging_per_s": round(ours_rate),
        "vanilla_batch_per_s": round(vanilla_rate, 1),
        "throughput_ratio": round(ours_rate / vanilla_rate, 1),
        "ours_flagging_per_cpu_s": round(ours_cpu_rate),
        "vanilla_batch_per_cpu_s": round(vanilla_cpu_rate, 1),
        "cpu_throughput_ratio": round(ours_cpu_rate / vanilla_cpu_rate, 1),
        "without_learned_per_s": round(lexicon_only_rate),
        "learned_ms_per_comment": round(1000 / ours_rate - 1000 / lexicon_only_rate, 3),
        "check_p50_ms": round(statistics.median(latencies), 2),
        "check_p95_ms": round(_percentile(latencies, 0.95), 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    for key, value in numbers.items():
        print(f"{key:>23}: {value}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(numbers, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
