"""Train the rewrite adapter for one base: corpus → LoRA → GGUF LoRA in adapters/ with its training card.

    python -m train.rewrite.adapter --base smollm2|gemma3 [--examples N] [--epochs E]

The prompt is the product's own (`assistant.rewrite.messages.build_tuned_messages`, prompts/rewrite_tuned.*),
rendered and tokenised as llama.cpp's server will (train.lora.chat). Only the `train` split is used; the
`heldout` split is for the comparison (train.rewrite.compare).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import asdict
from pathlib import Path

from assistant.config import PROJECT_ROOT
from assistant.rewrite.messages import build_tuned_messages
from train.lora.bases import BASES, Base
from train.lora.card import sha256, write_card
from train.lora.chat import ChatTokens
from train.lora.export import export_gguf
from train.lora.finetune import Example, HyperParameters, base_config_dir, load_base, train_lora
from train.rewrite.paths import CORPUS, TASK, adapter_path

PROMPTS = PROJECT_ROOT / "prompts"
BUILD = PROJECT_ROOT / "build" / "train"  # the peft adapter and base config, kept for a re-export


def examples(corpus: Path, chat: ChatTokens, limit: int | None, seed: int) -> list[Example]:
    """Training examples of the `train` split (a seeded sample of `limit` when given)."""
    with corpus.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    records = [r for r in records if r["split"] == "train"]
    random.Random(seed).shuffle(records)
    if limit:
        records = records[:limit]
    return [
        Example(chat.prompt(build_tuned_messages(PROMPTS, r["text"], r["lang"])), chat.reply(r["reference"]))
        for r in records
    ]


def train(
    base: Base, params: HyperParameters, limit: int | None, corpus: Path = CORPUS, out: Path | None = None
) -> Path:
    """Train, export to `out` (default adapters/rewrite-<base>.gguf) and write the card; returns `out`."""
    gguf = base.gguf()
    chat = ChatTokens(gguf, base.chat_format)
    data = examples(corpus, chat, limit, params.seed)
    started = time.monotonic()
    model = load_base(gguf, BUILD / f"base-{base.name}-{sha256(gguf)[:12]}")
    load_seconds = time.monotonic() - started
    peft_model, log = train_lora(model, data, params, pad_id=0)
    out = out or adapter_path(base.name)
    work = BUILD / out.stem
    peft_model.save_pretrained(work / "adapter")
    base_config_dir(model, work / "base")
    facts = {
        "task": TASK,
        "base": {"name": base.name, "gguf": gguf.name, "sha256": sha256(gguf), "chat_format": base.chat_format},
        "corpus": {"path": str(corpus.relative_to(PROJECT_ROOT)), "sha256": sha256(corpus), "split": "train"},
        "prompt": [f"prompts/rewrite_tuned.{lang}.txt" for lang in ("fr", "en")],
        "hyper_parameters": asdict(params),
        "training": {**log.as_dict(), "load_seconds": round(load_seconds, 1),
                     "tokens_per_second": round(log.tokens / log.seconds, 1) if log.seconds else None},
    }
    write_card(work / "training.json", facts)
    return export(base, out)


def export(base: Base, out: Path | None = None) -> Path:
    """The GGUF LoRA and its card from the last training's build folder (re-run after a failed export)."""
    out = out or adapter_path(base.name)
    work = BUILD / out.stem
    export_gguf(work / "adapter", work / "base", out)
    facts = json.loads((work / "training.json").read_text(encoding="utf-8"))
    facts["adapter"] = {"file": out.name, "bytes": out.stat().st_size, "sha256": sha256(out)}
    write_card(out.with_suffix(".json"), facts)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", choices=sorted(BASES), required=True)
    parser.add_argument("--examples", type=int, default=None, help="train on a seeded sample of N examples")
    parser.add_argument("--epochs", type=float, default=HyperParameters().epochs)
    parser.add_argument("--learning-rate", type=float, default=HyperParameters().learning_rate)
    parser.add_argument("--minutes", type=float, default=None, help="stop training after this many minutes")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=None, help="default adapters/rewrite-<base>.gguf")
    parser.add_argument("--export-only", action="store_true", help="export the last training of this base again")
    args = parser.parse_args()
    if args.export_only:
        print(f"adapter written to {export(BASES[args.base], args.out)}")
        return
    params = HyperParameters(epochs=args.epochs, learning_rate=args.learning_rate, minutes=args.minutes)
    print(f"adapter written to {train(BASES[args.base], params, args.examples, args.corpus, args.out)}")


if __name__ == "__main__":
    main()
