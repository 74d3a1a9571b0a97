"""Base prompt vs adapted model, for each base, through the product's own rewrite (built-in server, verify,
rules fallback), on a comments file (default the dev set) and on the held-out split of the corpus.

    python -m train.rewrite.compare [--comments PATH] [--variants rules,smollm2,smollm2+lora,...] [--limit N]
                                    [--json OUT]

The comments set is reported under its file name (`comments` for the dev set, `comments_blind2` for the blind
set), so one JSON holds both. Only aggregates are printed and written: `--outputs` (every rewrite, to read
them) is refused for any file but the dev set, so a blind set is scored without anyone seeing its items.

Per variant and set: verify pass rate (share of flagged comments whose model candidate passed), residual by
gold cues and by the detector, keep rate, malformed outputs, chrF against the references, unchanged clean
comments, p50/p95 seconds of a flagged comment. Sets without gold cues report cues as None.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path
from typing import Any

from assistant.config import PROJECT_ROOT, Settings, get_settings
from assistant.evaluation.rewrite import load_records, rewrite_metrics
from assistant.llm import stop_servers
from assistant.rewrite import rewrite_comment
from train.lora.bases import BASES
from train.rewrite.paths import CORPUS, adapter_path

DEV = PROJECT_ROOT / "eval" / "data" / "comments.jsonl"
VARIANTS = ("rules", "smollm2", "smollm2+lora", "gemma3", "gemma3+lora")


def variant_settings(name: str, settings: Settings) -> Settings:
    """Settings of one variant: the rules alone, a base with the few-shot prompt, or a base with its adapter."""
    if name == "rules":
        return settings.model_copy(update={"rewrite_rounds": 0})
    base_name, _, lora = name.partition("+")
    base = BASES[base_name]
    update: dict[str, Any] = {"model_path": base.gguf(), "llm_chat_format": base.chat_format,
                              "llm_lora_path": None, "rewrite_prompt": "examples"}
    if lora:
        update |= {"llm_lora_path": adapter_path(base_name), "rewrite_prompt": "tuned"}
    return settings.model_copy(update=update)


def sample(records: list[dict[str, Any]], limit: int | None, seed: int = 13) -> list[dict[str, Any]]:
    """A seeded sample keeping the flagged/clean proportion (all records when no limit)."""
    if not limit or limit >= len(records):
        return records
    shuffled = records[:]
    random.Random(seed).shuffle(shuffled)
    return shuffled[:limit]


def measure(
    records: list[dict[str, Any]], settings: Settings, outputs: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """rewrite_metrics plus the p95 latency of flagged comments and whether the set has gold cues;
    each rewrite is appended to `outputs` when given."""
    seconds: list[float] = []

    def timed(text: str, lang: str | None):
        started = time.perf_counter()
        result = rewrite_comment(text, lang, settings=settings)
        seconds.append(time.perf_counter() - started)
        if outputs is not None:
            outputs.append({"text": text, "rewrite": result.text, "method": result.method})
        return result

    metrics = rewrite_metrics(records, timed)
    flagged = sorted(s for s, r in zip(seconds, records, strict=True) if r["flag"])
    metrics["seconds_p95"] = flagged[min(len(flagged) - 1, int(0.95 * len(flagged)))] if flagged else 0.0
    metrics["verify_pass_rate"] = metrics["methods"]["llm"]
    if not any(r.get("cues") for r in records):
        metrics["cue_residual_rate"] = None
    return metrics


def row(variant: str, dataset: str, m: dict[str, Any]) -> str:
    cues = "n/a" if m["cue_residual_rate"] is None else f"{m['cue_residual_rate']:.1%}"
    return (f"| {variant} | {dataset} | {m['flagged']} | {m['verify_pass_rate']:.1%} | {cues} | "
            f"{m['residual_rate']:.1%} | {m['keep_rate']:.3f} | {m['malformed_rate']:.1%} | {m['chrf']:.1f} | "
            f"{m['unchanged_rate']:.1%} | {m['seconds_p50']:.2f} | {m['seconds_p95']:.2f} |")


HEADER = ("| variant | set | flagged | verify pass | cue residual | detector residual | keep | malformed | chrF | "
          "clean unchanged | p50 s | p95 s |\n|---|---|---|---|---|---|---|---|---|---|---|---|")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--comments", type=Path, default=DEV, help="gold comments (schema of the dev set)")
    parser.add_argument("--sets", default="comments,heldout", help="comments (the --comments file), heldout")
    parser.add_argument("--limit", type=int, default=None, help="a seeded sample of N records per set")
    parser.add_argument("--json", type=Path, help="write (or update) the metrics there")
    parser.add_argument("--threads", type=int, default=None, help="llm_threads of the built-in server")
    parser.add_argument("--outputs", type=Path, help="write every rewrite there (JSONL, with variant and set)")
    args = parser.parse_args()
    if args.outputs and args.comments.resolve() != DEV.resolve():
        parser.error("--outputs writes every rewrite: only for the dev set; other sets are scored in aggregate")
    settings = get_settings()
    if args.threads:
        settings = settings.model_copy(update={"llm_threads": args.threads})
    heldout = [r for r in load_records(CORPUS) if r["split"] == "heldout"]
    sets = {args.comments.stem: load_records(args.comments), "heldout": heldout}
    names = [args.comments.stem if name == "comments" else name for name in args.sets.split(",")]
    report: dict[str, Any] = json.loads(args.json.read_text()) if args.json and args.json.exists() else {}
    print(HEADER)
    for variant in args.variants.split(","):
        chosen = variant_settings(variant, settings)
        for name in names:
            chosen_records = sample(sets[name], args.limit)
            outputs: list[dict[str, Any]] = []
            metrics = measure(chosen_records, chosen, outputs)
            if args.outputs:
                with args.outputs.open("a", encoding="utf-8") as handle:
                    for record, output in zip(chosen_records, outputs, strict=True):
                        line = {"variant": variant, "set": name, "id": record["id"], **output,
                                "reference": record["reference"]}
                        handle.write(json.dumps(line, ensure_ascii=False) + "\n")
            report.setdefault(variant, {})[name] = metrics
            print(row(variant, name, metrics), flush=True)
            if args.json:
                args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        stop_servers()


if __name__ == "__main__":
    main()
