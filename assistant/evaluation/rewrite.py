"""Rewrite metrics on comments.jsonl: residual, keep, unchanged, chrF, and where each output came from.

Side by side, same run: the default model with verification (the product) and the rules alone.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from statistics import mean
from typing import Any, Protocol

from assistant.config import Settings
from assistant.evaluation.chrf import chrf
from assistant.evaluation.judges import leaked_cues, malformation
from assistant.rewrite.facts import has_fact


class RewriteLike(Protocol):
    text: str
    method: str
    flag_after: bool


RewriteFn = Callable[[str, str | None], RewriteLike]


def rewrite_metrics(records: Iterable[dict[str, Any]], rewrite_fn: RewriteFn) -> dict[str, Any]:
    """Score `rewrite_fn(text, lang)` on gold records (schema of eval/data/comments.jsonl).

    residual_rate: gold-flagged inputs whose rewrite our detector still flags;
    cue_residual_rate: gold-flagged inputs whose rewrite still holds a gold cue (independent of the detector),
    over those that list cues (`cued`; None when no record does); cue_residual_by_category: the same per gold
    category;
    malformed_rate: gold-flagged inputs whose rewrite is empty, opens with punctuation or a connector, or has
    unbalanced brackets; malformed_by_reason: how many for each reason;
    missed_rate: gold-flagged inputs returned unchanged (the detector saw nothing to rewrite);
    keep_rate: keep strings of gold-flagged inputs found verbatim in the rewrite (a keep string that now opens a
    sentence may take a capital: « Livraison au 2e étage » keeps « livraison au 2e étage »);
    unchanged_rate: gold-clean inputs returned exactly as they were;
    chrf: mean sentence chrF of gold-flagged rewrites against the reference;
    methods: share of llm / rules / unchanged among gold-flagged inputs;
    seconds_p50: median time of one rewrite of a gold-flagged input.
    """
    flagged = clean = residual = cue_residual = cued = malformed = missed = kept = keep_total = unchanged = 0
    cued_by_category: Counter[str] = Counter()
    leaked_by_category: Counter[str] = Counter()
    malformed_by_reason: Counter[str] = Counter()
    scores: list[float] = []
    methods: Counter[str] = Counter()
    llm_rounds: Counter[int] = Counter()
    seconds: list[float] = []
    for record in records:
        started = time.perf_counter()
        result = rewrite_fn(record["text"], record.get("lang"))
        elapsed = time.perf_counter() - started
        if record["flag"]:
            flagged += 1
            seconds.append(elapsed)
            methods[result.method] += 1
            if result.method == "llm":
                llm_rounds[getattr(result, "rounds", 1)] += 1
            residual += bool(result.flag_after)
            if record.get("cues"):
                cued += 1
                leaked = bool(leaked_cues(result.text, record["cues"]))
                cue_residual += leaked
                for category in record.get("categories", []):
                    cued_by_category[category] += 1
                    leaked_by_category[category] += leaked
            problem = malformation(result.text)
            malformed += problem is not None
            if problem is not None:
                malformed_by_reason[problem] += 1
            missed += result.method == "unchanged"
            keep_total += len(record.get("keep", []))
            kept += sum(_kept(result.text, fact) for fact in record.get("keep", []))
            scores.append(chrf(result.text, record.get("reference", record["text"])))
        else:
            clean += 1
            unchanged += result.text == record["text"]
    return {
        "comments": flagged + clean,
        "flagged": flagged,
        "clean": clean,
        "residual_rate": residual / flagged if flagged else 0.0,
        "cued": cued,
        "cue_residual_rate": cue_residual / cued if cued else None,
        "cue_residual_by_category": {
            category: leaked_by_category[category] / count for category, count in sorted(cued_by_category.items())
        },
        "malformed_rate": malformed / flagged if flagged else 0.0,
        "malformed_by_reason": dict(malformed_by_reason),
        "missed_rate": missed / flagged if flagged else 0.0,
        "keep_rate": kept / keep_total if keep_total else 1.0,
        "unchanged_rate": unchanged / clean if clean else 1.0,
        "chrf": mean(scores) if scores else 0.0,
        "methods": {name: methods[name] / flagged if flagged else 0.0 for name in ("llm", "rules", "unchanged")},
        "llm_accepted_by_round": dict(sorted(llm_rounds.items())),
        "seconds_p50": sorted(seconds)[len(seconds) // 2] if seconds else 0.0,
    }


def _kept(text: str, fact: str) -> bool:
    """The keep string verbatim, or with a capital first letter where a cut made it open a sentence."""
    return has_fact(text, fact) or has_fact(text, fact[:1].upper() + fact[1:])


def load_records(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _row(name: str, metrics: dict[str, Any]) -> str:
    shares = metrics["methods"]
    cues = "n/a" if metrics["cue_residual_rate"] is None else f"{metrics['cue_residual_rate']:.1%}"
    return (
        f"{name:<22} {metrics['residual_rate']:>8.1%} {cues:>8} "
        f"{metrics['malformed_rate']:>9.1%} {metrics['missed_rate']:>7.1%} {metrics['keep_rate']:>7.1%} "
        f"{metrics['unchanged_rate']:>10.1%} {metrics['chrf']:>6.1f} {shares['llm']:>6.1%} {shares['rules']:>6.1%} "
        f"{metrics['seconds_p50']:>6.2f}s"
    )


def run_rewrite_eval(
    path: Path, settings: Settings, echo: Callable[[str], None] = print, *, with_model: bool = True
) -> dict[str, Any]:
    """Print the rewrite table (model + verify next to rules only) and return the metrics by variant."""
    from assistant.rewrite import rewrite_comment

    records = load_records(path)
    variants: dict[str, Settings] = {"rules_only": settings.model_copy(update={"rewrite_rounds": 0})}
    if with_model:
        variants = {"model_verify": settings, **variants}
    report: dict[str, Any] = {}
    for name, variant in variants.items():
        report[name] = rewrite_metrics(records, lambda text, lang, s=variant: rewrite_comment(text, lang, settings=s))
    echo(f"Rewrite on {path.name}: {report['rules_only']['flagged']} flagged, {report['rules_only']['clean']} clean")
    echo(f"{'variant':<22} {'residual':>8} {'cues':>8} {'malformed':>9} {'missed':>7} {'keep':>7} "
         f"{'unchanged':>10} {'chrF':>6} "
         f"{'llm':>6} {'rules':>6} {'p50':>7}")
    for name, metrics in report.items():
        echo(_row(name, metrics))
    if report["rules_only"]["cued"] == 0:
        echo("cues: no record lists gold cues, so the cue residual cannot be measured on this file")
    return report
