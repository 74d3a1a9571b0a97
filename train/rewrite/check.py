"""Check every pair of the rewrite corpus with the product's own verify and with the gold annotations.

    python -m train.rewrite.check [CORPUS] [--write-passing OUT]

A flagged record passes when its reference passes `assistant.rewrite.verify` against the analysed original,
keeps no gold cue (whole word, case- and accent-insensitive), keeps every `keep` string verbatim, reads as
a sentence (judges.malformation) and differs from the original; its cues must all be in the original.
A clean record passes when its reference is the text itself. Clean records the detector flags anyway are
counted (a false flag the product would rewrite), not failed: the model must learn to leave them alone.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from assistant.config import get_settings
from assistant.detect import detect
from assistant.evaluation.judges import leaked_cues, malformation
from assistant.rewrite.facts import has_fact
from assistant.rewrite.verify import verify

DEFAULT_CORPUS = Path(__file__).resolve().parent / "corpus.jsonl"


def problems(record: dict[str, Any]) -> list[str]:
    """Why a record's reference is not an acceptable target (empty when it is)."""
    text, reference = record["text"], record["reference"]
    if not record["flag"]:
        return [] if reference == text else ["clean comment changed"]
    found: list[str] = []
    if reference == text:
        found.append("flagged comment unchanged")
    missing_cues = [cue for cue in record["cues"] if not leaked_cues(text, [cue])]
    found += [f"cue not in the text: {cue}" for cue in missing_cues]
    found += [f"cue left: {cue}" for cue in leaked_cues(reference, record["cues"])]
    found += [f"keep lost: {fact}" for fact in record["keep"] if not has_fact(reference, fact)]
    why = malformation(reference)
    if why:
        found.append(f"malformed: {why}")
    verdict = verify(detect(text, record["lang"]), reference, settings=get_settings())
    found += [f"verify: {problem}" for problem in verdict.problems]
    return found


def check(records: Iterable[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The passing records and a summary: counts, failure reasons, clean records the detector flags."""
    passing: list[dict[str, Any]] = []
    reasons: Counter[str] = Counter()
    failed: list[tuple[str, list[str]]] = []
    false_flags = total = 0
    for record in records:
        total += 1
        found = problems(record)
        if not record["flag"] and detect(record["text"], record["lang"]).flag:
            false_flags += 1
        if found:
            failed.append((record["id"], found))
            reasons.update(problem.split(":")[0] + (":" + problem.split(":")[1][:40] if problem.startswith("verify")
                                                    else "") for problem in found)
        else:
            passing.append(record)
    summary = {
        "records": total, "passing": len(passing), "failed": len(failed),
        "reasons": dict(reasons.most_common()), "clean_flagged_by_detector": false_flags,
        "examples": failed[:20],
    }
    return passing, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="?", default=DEFAULT_CORPUS)
    parser.add_argument("--write-passing", type=Path, help="write the passing records there")
    args = parser.parse_args()
    with args.corpus.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    passing, summary = check(records)
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    if args.write_passing:
        with args.write_passing.open("w", encoding="utf-8") as handle:
            for record in passing:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    sys.exit(0 if args.write_passing or not summary["failed"] else 1)


if __name__ == "__main__":
    main()
