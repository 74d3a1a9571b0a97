"""The chat messages of a span-guided rewrite, built from the prompt files, and the reply cleaned up.

Order: system rules, few-shot examples as chat turns, the comment with what to remove and what to keep,
then for each rejected candidate the candidate and the verdict's problems. The fixed part comes first
so that llama.cpp reuses its evaluation from one comment to the next.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from assistant.detect.finding import Analysis
from assistant.detect.policy import FLAGGING_PII
from assistant.errors import ConfigError
from assistant.prompts import render_prompt
from assistant.rewrite.facts import extract_facts

LABELS = {
    "fr": {
        "ORIGIN": "origine", "POLITICAL": "opinion politique", "RELIGION": "religion", "UNION": "syndicat",
        "HEALTH": "santé", "SEXUAL": "vie sexuelle", "CRIMINAL": "infraction", "INSULT": "insulte",
        "CREDIT_CARD": "numéro de carte", "IBAN_CODE": "IBAN", "FR_NIR": "numéro de sécurité sociale",
    },
    "en": {
        "ORIGIN": "origin", "POLITICAL": "political opinion", "RELIGION": "religion", "UNION": "trade union",
        "HEALTH": "health", "SEXUAL": "sex life", "CRIMINAL": "offence", "INSULT": "insult",
        "CREDIT_CARD": "card number", "IBAN_CODE": "IBAN", "FR_NIR": "social-security number",
    },
}
QUOTES = {"fr": ("« ", " »"), "en": ("\"", "\"")}
NOTHING = {"fr": "rien", "en": "nothing"}
_EXAMPLE_KEYS = ("comment", "remove", "keep", "rewrite")
_PREAMBLE = re.compile(
    r"^\s*(?:(?:voici\s+)?(?:le\s+)?(?:commentaire\s+)?(?:réécrit|réécriture|corrigé)|(?:here is\s+)?(?:the\s+)?"
    r"(?:rewritten comment|rewrite|corrected comment)|comment(?:aire)?)\s*:\s*",
    re.IGNORECASE,
)


def describe_removal(analysis: Analysis, statements: Sequence[tuple[str, str]] = ()) -> str:
    """What to remove, as « words » (category) joined by commas: the sensitive statements, then identifiers.

    `statements` are the (piece, category) the rules remove; without them, the bare evidence spans.
    """
    labels = LABELS.get(analysis.lang, LABELS["fr"])
    left, right = QUOTES.get(analysis.lang, QUOTES["fr"])
    spans = statements or [(f.text, f.type) for f in analysis.findings if f.is_sensitive]
    identifiers = [(f.text, f.type) for f in analysis.findings if f.type in FLAGGING_PII]
    parts = [f"{left}{text}{right} ({labels[kind]})" for text, kind in [*spans, *identifiers] if kind in labels]
    return ", ".join(dict.fromkeys(parts)) or NOTHING.get(analysis.lang, "rien")


def user_message(prompts_dir: Path, analysis: Analysis, statements: Sequence[tuple[str, str]] = ()) -> str:
    """The comment to rewrite, what to remove and why, and the facts to keep."""
    facts = extract_facts(analysis)
    return render_prompt(
        prompts_dir, "rewrite_user", analysis.lang, comment=analysis.text,
        remove=describe_removal(analysis, statements), keep=", ".join(facts) or NOTHING.get(analysis.lang, "rien"),
    )


@lru_cache(maxsize=8)
def examples(prompts_dir: Path, lang: str) -> tuple[tuple[str, str], ...]:
    """Few-shot turns (user message, assistant reply) from prompts/rewrite_examples.<lang>.txt."""
    path = prompts_dir / f"rewrite_examples.{lang}.txt"
    try:
        content = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"Prompt file {path} is missing; restore it from the repository.") from error
    turns = []
    for block in re.split(r"\n\s*\n", content):
        lines = [line for line in block.strip().splitlines() if line and not line.startswith("#")]
        if not lines:
            continue
        fields = dict(line.split(":", 1) for line in lines)
        fields = {key.strip(): value.strip() for key, value in fields.items()}
        if set(fields) != set(_EXAMPLE_KEYS):
            raise ConfigError(f"{path.name}: each example needs exactly the lines {', '.join(_EXAMPLE_KEYS)}.")
        user = render_prompt(
            prompts_dir, "rewrite_user", lang, comment=fields["comment"], remove=fields["remove"], keep=fields["keep"]
        )
        turns.append((user, fields["rewrite"]))
    return tuple(turns)


def build_messages(
    prompts_dir: Path, analysis: Analysis, rejected: list[tuple[str, tuple[str, ...]]] | None = None,
    statements: Sequence[tuple[str, str]] = (),
) -> list[dict[str, str]]:
    """Messages for one try; `rejected` holds the earlier (candidate, problems) of this comment,
    `statements` the (piece, category) to remove."""
    lang = analysis.lang
    messages = [{"role": "system", "content": render_prompt(prompts_dir, "rewrite_system", lang)}]
    for user, reply in examples(prompts_dir, lang):
        messages += [{"role": "user", "content": user}, {"role": "assistant", "content": reply}]
    messages.append({"role": "user", "content": user_message(prompts_dir, analysis, statements)})
    for candidate, problems in rejected or []:
        feedback = render_prompt(prompts_dir, "rewrite_feedback", lang, problems="; ".join(problems))
        messages += [{"role": "assistant", "content": candidate}, {"role": "user", "content": feedback}]
    return messages


def build_tuned_messages(prompts_dir: Path, text: str, lang: str) -> list[dict[str, str]]:
    """Messages for a model adapted to this task (adapters/): a one-line instruction, then the comment alone.

    The adapter was trained on exactly these messages (train/lora/), so no examples, spans or facts are given.
    """
    return [
        {"role": "system", "content": render_prompt(prompts_dir, "rewrite_tuned", lang).strip()},
        {"role": "user", "content": text},
    ]


def clean_reply(reply: str, *, single_line: bool = False) -> str:
    """The comment inside a model reply: no preamble, no surrounding quotes, first paragraph (or line) only."""
    text = reply.strip()
    text = _PREAMBLE.sub("", text, count=1).strip()
    text = re.split(r"\n" if single_line else r"\n\s*\n", text, maxsplit=1)[0].strip()
    for left, right in (("«", "»"), ('"', '"'), ("“", "”"), ("'", "'"), ("`", "`")):
        if len(text) > 1 and text.startswith(left) and text.endswith(right):
            text = text[len(left):len(text) - len(right)].strip()
    return text
