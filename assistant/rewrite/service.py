"""The verified rewrite: up to N model candidates, each verified, then the deterministic rules.

    detect ─► flagged? ─no─► unchanged (no model call)
                 │yes
                 ▼
    for round in 1..model_rounds():  model candidate ─► verify ─ok─► "llm"
                                     └─ problems fed back into the next prompt
    rules rewrite (always compliant) ─► "rules"

The comment is data: whatever it asks the model to do, a candidate that still flags, drops a fact or
invents one fails verification, so no flagged text ever comes out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.config import Settings, get_settings
from assistant.detect import detect
from assistant.detect.finding import Analysis
from assistant.errors import ModelError
from assistant.llm import ChatModel, get_chat_model
from assistant.rewrite.messages import build_messages, build_tuned_messages, clean_reply
from assistant.rewrite.rules import rules_rewrite, sensitive_statements
from assistant.rewrite.verify import hopeless, verify
from assistant.text import check_text

log = logging.getLogger(__name__)

FIRST_TEMPERATURE = 0.0
RETRY_TEMPERATURE = 0.3


@dataclass(frozen=True, slots=True)
class Rewrite:
    """A rewrite and how it was obtained; `problems` lists why each rejected model candidate failed."""

    original: str
    text: str
    method: str  # "llm" | "rules" | "unchanged"
    flag_after: bool
    lang: str
    categories: tuple[str, ...] = ()
    rounds: int = 0
    problems: tuple[tuple[str, ...], ...] = field(default_factory=tuple)
    warning: str | None = None  # the model could not answer: why, in one sentence (the rules answered)

    def as_dict(self) -> dict[str, object]:
        return {"rewrite": self.text, "method": self.method, "flag_after": self.flag_after}


def reply_budget(text: str, settings: Settings) -> int:
    """Tokens a model reply may use: about the comment's own length, never more than the setting."""
    return max(16, min(settings.llm_max_tokens, len(text) // 2 + 32))


def early_stop(analysis: Analysis, settings: Settings) -> Callable[[str], bool]:
    """Stop generating once the reply is done (a new line after a one-line comment) or already hopeless.

    Generation is most of a rewrite's time on a small CPU; a reply that already flags, rambles or
    invents cannot pass verification, so the rest of it is not worth waiting for.
    """
    single_line = "\n" not in analysis.text.strip()

    def stop(partial: str) -> bool:
        if single_line and "\n" in partial.strip():
            return True
        return hopeless(analysis, partial, settings=settings)

    return stop


def rewrite_comment(
    text: str, lang: str | None = None, *, settings: Settings | None = None, model: ChatModel | None = None
) -> Rewrite:
    """Rewrite a comment into compliant wording; clean comments come back unchanged without a model call.

    No model round (settings.model_rounds() == 0, the default with the built-in SmolLM2) is the rules path
    alone, as audits use it.
    """
    settings = settings or get_settings()
    text = check_text(text, settings.max_text_chars)
    analysis = detect(text, lang, settings=settings)
    if not analysis.flag:
        return Rewrite(text, text, "unchanged", False, analysis.lang)
    categories = tuple(analysis.categories)
    rejected: list[tuple[str, tuple[str, ...]]] = []
    rounds = 0
    warning = None
    allowed = settings.model_rounds(model_given=model is not None)
    if allowed > 0:
        try:
            chat_model = model or get_chat_model(settings)
            for rounds in range(1, allowed + 1):
                if settings.rewrite_prompt == "tuned":
                    messages = build_tuned_messages(settings.prompts_dir, analysis.text, analysis.lang)
                else:
                    removed = sensitive_statements(analysis, settings).removed
                    messages = build_messages(settings.prompts_dir, analysis, rejected, removed)
                temperature = FIRST_TEMPERATURE if rounds == 1 else RETRY_TEMPERATURE
                reply = chat_model.chat(
                    messages, reply_budget(text, settings), temperature, early_stop(analysis, settings)
                )
                candidate = clean_reply(reply, single_line="\n" not in text.strip())
                verdict = verify(analysis, candidate, settings=settings)
                if verdict.ok:
                    return Rewrite(
                        text, candidate, "llm", False, analysis.lang, categories, rounds, _problems(rejected)
                    )
                rejected.append((candidate, verdict.problems))
        except ModelError as error:
            log.warning("Rewrite model unavailable, using the rules: %s", error)
            warning = str(error)
    rewritten = rules_rewrite(analysis, settings=settings)
    flag_after = detect(rewritten, analysis.lang, deep=False, settings=settings).flag
    return Rewrite(
        text, rewritten, "rules", flag_after, analysis.lang, categories, rounds, _problems(rejected), warning
    )


def _problems(rejected: list[tuple[str, tuple[str, ...]]]) -> tuple[tuple[str, ...], ...]:
    return tuple(problems for _, problems in rejected)
