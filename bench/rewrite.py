"""Rewrite latency with the default model on this machine: p50/p95 over flagged comments, share accepted from the LLM.

Run: .venv/bin/python -m bench.rewrite [--n 30] [--comments eval/data/comments.jsonl]
Writes bench/out/rewrite.json. The machine's load average is printed with the numbers: llama.cpp
slows down sharply when other processes compete for the 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections import Counter
from pathlib import Path

from assistant.config import get_settings
from assistant.detect import detect
from assistant.llm import get_chat_model, model_path
from assistant.rewrite import rewrite_comment

ROOT = Path(__file__).resolve().parent.parent
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=30, help="Flagged comments to rewrite.")
    parser.add_argument("--comments", type=Path, default=ROOT / "eval" / "data" / "comments.jsonl")
    args = parser.parse_args()
    settings = get_settings()
    comments = _comments(args.comments, args.n)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    get_chat_model(settings).chat([{"role": "user", "content": "Bonjour"}], 4, 0.0)  # load the model once
    rewrite_comment(comments[0][0], comments[0][1], settings=settings)  # warm the detector, parser, prompt cache
    warm_up = time.perf_counter() - started
    seconds, methods, rounds = [], Counter(), []
    for text, lang in comments:
        started = time.perf_counter()
        result = rewrite_comment(text, lang, settings=settings)
        seconds.append(time.perf_counter() - started)
        methods[result.method] += 1
        rounds.append(result.rounds)
    report = {
        "model": model_path(settings).name,
        "comments": len(comments),
        "threads": settings.llm_threads,
        "rewrite_rounds": settings.rewrite_rounds,
        "warm_up_s": round(warm_up, 2),
        "p50_s": round(statistics.median(seconds), 3),
        "p95_s": round(_percentile(seconds, 0.95), 3),
        "mean_rounds": round(statistics.mean(rounds), 2),
        "llm_accepted_share": round(methods["llm"] / len(comments), 3),
        "rules_share": round(methods["rules"] / len(comments), 3),
        "load_average_before": round(load_before, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
    }
    for key, value in report.items():
        print(f"{key:>22}: {value}")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "rewrite.json").write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
