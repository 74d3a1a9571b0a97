"""Rewrite latency with the default model on this machine: p50/p95 over flagged comments, share accepted from the LLM.

Run: .venv/bin/python -m bench.rewrite [--n 30] [--comments eval/data/comments.jsonl] [--concurrency 10]
The default settings rewrite with the rules alone (the built-in SmolLM2 is not used unless asked for);
ASSISTANT_REWRITE_ROUNDS=1 measures the model path (candidate, verify, rules fallback).
With --concurrency N, N agents rewrite at once (the built-in model server queues them) while a check runs
every CHECK_EVERY seconds: its latency shows whether checks keep answering during rewrites.
Writes bench/out/rewrite.json. The machine's load average is printed with the numbers: llama.cpp
slows down sharply when other processes compete for the 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from assistant.config import get_settings
from assistant.detect import detect
from assistant.llm import get_chat_model, model_path
from assistant.rewrite import rewrite_comment

ROOT = Path(__file__).resolve().parent.parent
CHECK_EVERY = 0.2
CHECK_COMMENT = ("Client mécontent du retard de livraison, rappeler lundi.", "fr")
FALLBACK = [
    ("Cliente de confession juive, souhaite un RDV le 12/03 pour la commande CMD-4471.", "fr"),
    ("Merci de prévoir une livraison en rez-de-chaussée car en fauteuil roulant, colis 7741.", "fr"),
    ("Customer is pregnant and asked to move the delivery of order 88213 to 3 June.", "en"),
]


def _comments(path: Path, count: int) -> list[tuple[str, str]]:
    if not path.is_file():
        return FALLBACK[:count]
    settings = get_settings()
    picked = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record.get("flag") and detect(record["text"], record.get("lang"), deep=False, settings=settings).flag:
                picked.append((record["text"], record.get("lang")))
            if len(picked) == count:
                break
    return picked


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _concurrent(comments: list[tuple[str, str]], concurrency: int, settings) -> dict[str, float]:
    """Rewrite every comment with `concurrency` agents at once while a check runs in a loop beside them."""
    done = threading.Event()
    check_seconds: list[float] = []

    def checking() -> None:
        while not done.is_set():
            started = time.perf_counter()
            detect(*CHECK_COMMENT, settings=settings)
            check_seconds.append(time.perf_counter() - started)
            time.sleep(CHECK_EVERY)

    def one(comment: tuple[str, str]) -> float:
        started = time.perf_counter()
        rewrite_comment(comment[0], comment[1], settings=settings)
        return time.perf_counter() - started

    checker = threading.Thread(target=checking)
    checker.start()
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        seconds = list(pool.map(one, comments))
    wall = time.perf_counter() - started
    done.set()
    checker.join()
    return {
        "concurrency": concurrency,
        "wall_s": round(wall, 2),
        "rewrites_per_s": round(len(comments) / wall, 2),
        "p50_s": round(statistics.median(seconds), 3),
        "p95_s": round(_percentile(seconds, 0.95), 3),
        "check_during_p50_ms": round(1000 * statistics.median(check_seconds), 1),
        "check_during_max_ms": round(1000 * max(check_seconds), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=30, help="Flagged comments to rewrite.")
    parser.add_argument("--comments", type=Path, default=ROOT / "eval" / "data" / "comments.jsonl")
    parser.add_argument("--concurrency", type=int, default=0, help="Also rewrite them all with N agents at once.")
    args = parser.parse_args()
    settings = get_settings()
    comments = _comments(args.comments, args.n)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    if settings.model_rounds():
        get_chat_model(settings).chat([{"role": "user", "content": "Bonjour"}], 4, 0.0)  # start the model server
    rewrite_comment(comments[0][0], comments[0][1], settings=settings)  # warm the detector, parser, prompt cache
    warm_up = time.perf_counter() - started
    seconds, methods, rounds, warnings = [], Counter(), [], 0
    for text, lang in comments:
        started = time.perf_counter()
        result = rewrite_comment(text, lang, settings=settings)
        seconds.append(time.perf_counter() - started)
        methods[result.method] += 1
        rounds.append(result.rounds)
        warnings += result.warning is not None
    report: dict[str, object] = {
        "model": model_path(settings).name if not settings.llm_url else f"{settings.llm_url} {settings.llm_model}",
        "comments": len(comments),
        "threads": settings.llm_threads,
        "rewrite_rounds": settings.model_rounds(),
        "warm_up_s": round(warm_up, 2),
        "p50_s": round(statistics.median(seconds), 3),
        "p95_s": round(_percentile(seconds, 0.95), 3),
        "mean_rounds": round(statistics.mean(rounds), 2),
        "llm_accepted_share": round(methods["llm"] / len(comments), 3),
        "rules_share": round(methods["rules"] / len(comments), 3),
        "model_failures": warnings,
    }
    if args.concurrency:
        report["concurrent"] = _concurrent(comments, args.concurrency, settings)
    report["load_average_before"] = round(load_before, 2)
    report["load_average_after"] = round(os.getloadavg()[0], 2)
    for key, value in report.items():
        print(f"{key:>22}: {value}")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "rewrite.json").write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
