"""LoRA fine-tuning on the CPU of a GGUF base that transformers dequantises (`gguf_file=`), with peft.

The loss covers the reply tokens only (the prompt is given), and the output layer runs on those positions
only: with Gemma's 262k-token vocabulary it is most of the compute otherwise. Batches group examples of
similar length so that little time goes to padding. Everything random follows one seed.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import torch
from peft import LoraConfig, get_peft_model
from safetensors.torch import save_model
from transformers import AutoModelForCausalLM

IGNORE = -100


@dataclass(frozen=True, slots=True)
class HyperParameters:
    """Training settings, written into the training card."""

    rank: int = 8
    alpha: int = 16
    dropout: float = 0.0
    target_modules: tuple[str, ...] = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
    learning_rate: float = 5e-4
    warmup_steps: int = 10
    batch_size: int = 8
    epochs: float = 1.0
    max_tokens: int = 224  # longer examples (the longest notes) are left out: they cost the most
    seed: int = 13
    minutes: float | None = None  # stop after this much training time (the card records the steps done)
    # One thread: on the shared 2-core machine (load ~10) a step took 15-25 s with 1 thread and 120-145 s with
    # 2 (SmolLM2, 8 × 100 tokens), OpenMP threads waiting on each other while the other core is busy.
    threads: int = 1


@dataclass
class Example:
    prompt: list[int]
    reply: list[int]


@dataclass
class TrainingLog:
    """What happened, for the training card."""

    examples: int = 0
    steps: int = 0
    tokens: int = 0
    seconds: float = 0.0
    losses: list[tuple[int, float]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_base(gguf: Path, cache: Path | None = None) -> torch.nn.Module:
    """The GGUF weights dequantised into a float32 transformers model (kept in `cache` for the next run:
    dequantising takes minutes on a busy CPU)."""
    if cache is not None and (cache / "config.json").exists():
        return AutoModelForCausalLM.from_pretrained(str(cache), dtype=torch.float32)
    model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32)
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config  # the weights are plain floats now
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        save_model(model, str(cache / "model.safetensors"))  # save_pretrained refuses a model loaded from GGUF
        model.config.save_pretrained(cache)
    return model


def base_config_dir(model: torch.nn.Module, folder: Path) -> Path:
    """The base model's config.json (what llama.cpp's LoRA converter needs to know the architecture)."""
    folder.mkdir(parents=True, exist_ok=True)
    config = model.config
    config.architectures = [model.__class__.__name__]  # a config read from GGUF names none; the converter needs it
    config.save_pretrained(folder)
    return folder


def _batches(examples: list[Example], size: int, rng: random.Random) -> list[list[Example]]:
    """Shuffled batches of examples of similar length."""
    order = examples[:]
    rng.shuffle(order)
    window = size * 16
    batches: list[list[Example]] = []
    for start in range(0, len(order), window):
        chunk = sorted(order[start:start + window], key=lambda e: len(e.prompt) + len(e.reply))
        batches += [chunk[i:i + size] for i in range(0, len(chunk), size)]
    rng.shuffle(batches)
    return batches


def _tensors(batch: list[Example], pad: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    length = max(len(e.prompt) + len(e.reply) for e in batch)
    ids = torch.full((len(batch), length), pad, dtype=torch.long)
    mask = torch.zeros((len(batch), length), dtype=torch.long)
    labels = torch.full((len(batch), length), IGNORE, dtype=torch.long)
    for row, example in enumerate(batch):
        tokens = example.prompt + example.reply
        ids[row, :len(tokens)] = torch.tensor(tokens)
        mask[row, :len(tokens)] = 1
        labels[row, len(example.prompt):len(tokens)] = torch.tensor(example.reply)
    return ids, mask, labels


def _reply_loss(model: torch.nn.Module, ids: torch.Tensor, mask: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Cross-entropy of the reply tokens, with the output layer applied at those positions only."""
    causal = model.get_base_model()
    hidden = causal.model(input_ids=ids, attention_mask=mask).last_hidden_state
    targets = labels[:, 1:]
    chosen = targets != IGNORE
    logits = causal.lm_head(hidden[:, :-1][chosen])
    cap = getattr(causal.config, "final_logit_softcapping", None)
    if cap:
        logits = torch.tanh(logits / cap) * cap
    return torch.nn.functional.cross_entropy(logits.float(), targets[chosen])


def train_lora(
    model: torch.nn.Module,
    examples: list[Example],
    params: HyperParameters,
    pad_id: int,
    log: Callable[[str], None] = print,
) -> tuple[torch.nn.Module, TrainingLog]:
    """Train a LoRA adapter on `examples`; returns the peft model and what happened."""
    torch.manual_seed(params.seed)
    torch.set_num_threads(params.threads)
    rng = random.Random(params.seed)
    examples = [e for e in examples if len(e.prompt) + len(e.reply) <= params.max_tokens]
    config = LoraConfig(
        r=params.rank, lora_alpha=params.alpha, lora_dropout=params.dropout,
        target_modules=list(params.target_modules), task_type="CAUSAL_LM",
    )
    peft_model = get_peft_model(model, config)
    peft_model.train()
    trainable = [p for p in peft_model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(trainable, lr=params.learning_rate, weight_decay=0.0)
    batches: list[list[Example]] = []
    whole, part = divmod(params.epochs, 1)
    for _ in range(int(whole)):
        batches += _batches(examples, params.batch_size, rng)
    if part:
        extra = _batches(examples, params.batch_size, rng)
        batches += extra[:round(part * len(extra))]
    total = len(batches)

    def rate(step: int) -> float:
        if step < params.warmup_steps:
            return (step + 1) / params.warmup_steps
        progress = (step - params.warmup_steps) / max(1, total - params.warmup_steps)
        return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, rate)
    record = TrainingLog(examples=len(examples))
    started = time.monotonic()
    running = 0.0
    for step, batch in enumerate(batches):
        if params.minutes is not None and time.monotonic() - started > 60 * params.minutes:
            log(f"time budget of {params.minutes} min reached after {step} of {total} steps")
            total = step
            break
        ids, mask, labels = _tensors(batch, pad_id)
        loss = _reply_loss(peft_model, ids, mask, labels)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(trainable, 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad(set_to_none=True)
        record.tokens += int(mask.sum())
        running += loss.item()
        if (step + 1) % 10 == 0 or step + 1 == total:
            average = running / ((step % 10) + 1)
            record.losses.append((step + 1, round(average, 4)))
            elapsed = time.monotonic() - started
            log(f"step {step + 1}/{total}  loss {average:.3f}  {record.tokens / elapsed:.0f} tokens/s  "
                f"{elapsed / 60:.1f} min")
            running = 0.0
    record.steps = total
    record.seconds = round(time.monotonic() - started, 1)
    peft_model.eval()
    return peft_model, record
