"""`assistant eval`: every evaluation in one run, printed side by side and returned as one dict."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assistant.config import Settings
from assistant.evaluation import predictors
from assistant.evaluation.charts import recall_bars
from assistant.evaluation.dataset import load_jsonl
from assistant.evaluation.detection import score_detection
from assistant.evaluation.table import format_table

Echo = Callable[[str], None]


def detection_table(results: dict[str, dict]) -> str:
    """Rows of the main detection metrics, one column per system."""
    systems = list(results)
    first = results[systems[0]]
    rows: list[list[object]] = []
    for metric in ("precision", "recall", "f1"):
        rows.append([f"flag {metric}", *(results[s]["flag"][metric] for s in systems)])
    rows.append(["clean comments flagged", *(results[s]["clean_flagged_rate"] for s in systems)])
    for name in first["categories"]:
        rows.append([f"{name} recall", *(results[s]["categories"][name]["recall"] for s in systems)])
        rows.append([f"{name} precision", *(results[s]["categories"][name]["precision"] for s in systems)])
    for name, gold in first["pii"].items():
        if gold["gold"]:
            rows.append([f"{name} recall", *(results[s]["pii"][name]["recall"] for s in systems)])
            rows.append([f"{name} precision", *(results[s]["pii"][name]["precision"] for s in systems)])
    rows.append(["card/IBAN/NIR false reports", *(results[s]["invalid_numbers_reported"] for s in systems)])
    rows.append(["learned share of findings", *(results[s]["learned"]["share_of_findings"] for s in systems)])
    rows.append(["learned-only categories", *(results[s]["learned"]["decisions"] for s in systems)])
    rows.append(["  of which right", *(results[s]["learned"]["correct_decisions"] for s in systems)])
    if first["cues"]["cues"]:
        rows.append(["cue letters in a finding", *(results[s]["cues"]["letters_covered"] for s in systems)])
        rows.append(["cues wholly in a finding", *(results[s]["cues"]["cues_wholly_covered"] for s in systems)])
    return format_table(["metric", *systems], rows)


def run_detection_eval(path: Path, settings: Settings, *, baseline: bool, echo: Echo, chart: Path | None) -> dict:
    records = load_jsonl(path)
    systems = {"ours": predictors.ours(settings)}
    if baseline:
        systems["vanilla presidio"] = predictors.vanilla(settings)
    results = {name: score_detection(records, map(predict, records)) for name, predict in systems.items()}
    echo(f"Detection — {len(records)} comments ({path})")
    echo(detection_table(results))
    if chart is not None:
        series = {
            name: {**{k: v["recall"] for k, v in r["categories"].items()},
                   **{k: v["recall"] for k, v in r["pii"].items() if v["gold"]}}
            for name, r in results.items()
        }
        recall_bars(series, "Recall per category and identifier type", chart)
        echo(f"Chart: {chart}")
    return results


def run_eval(
    comments: Path | None,
    questions: Path | None,
    *,
    settings: Settings,
    baseline: bool = True,
    rewrite: bool = True,
    echo: Echo = print,
    chart: Path | None = None,
) -> dict:
    """Detection (and rewrite) on a comments set, QA on a questions set; returns every metric."""
    report: dict[str, object] = {}
    if comments is not None:
        report["detection"] = run_detection_eval(comments, settings, baseline=baseline, echo=echo, chart=chart)
        if rewrite:
            from assistant.evaluation.rewrite import run_rewrite_eval

            report["rewrite"] = run_rewrite_eval(comments, settings, echo)
    if questions is not None:
        from assistant.evaluation.qa import run_qa_eval

        report["qa"] = run_qa_eval(questions, settings, echo)
    return report
