"""Optional LLM rephrasing of an extractive answer, kept only when a check proves no fact was lost or invented.

The default model is tiny (135M): it may reword, never supply facts. Every figure and spelled-out duration of
the draft must survive, no figure (article numbers included) may appear that the retrieved passages and their
article references do not hold, and the reply must be in the question's language. Otherwise the caller keeps
the extractive draft. Measured: SmolLM2-135M never passes this check, so the CLI and UI do not use it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.lang import detect_language
from assistant.prompts import render_prompt
from assistant.rag.compose import Draft
from assistant.text import fold_plain

if TYPE_CHECKING:
    from assistant.llm import ChatModel

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SPELLED_DURATION = re.compile(
    r"\b(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|trente|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|thirty)\s+"
    r"(?:mois|ans?|annees?|jours?|heures?|semaines?|months?|years?|days?|hours?|weeks?)\b"
)
_REFUSALS = ("je ne sais pas", "i don't know", "i do not know")


def numbers(text: str) -> set[str]:
    """Figures of a text, thousands separators and decimal commas normalised ('300 000' → '300000')."""
    compact = re.sub(r"(?<=\d)[\s\u00a0\u202f](?=\d{3}\b)", "", text)
    return {match.group().replace(",", ".") for match in _NUMBER.finditer(compact)}


def facts(text: str) -> set[str]:
    """What a rewording must keep: figures and spelled-out durations ('un mois', 'three years')."""
    return numbers(text) | {" ".join(m.group().split()) for m in _SPELLED_DURATION.finditer(fold_plain(text))}


def keeps_facts(draft: str, reply: str, passages_text: str, lang: str) -> bool:
    """True when the reply keeps every fact of the draft, brings no figure of its own, and is in `lang`."""
    if not reply.strip() or any(refusal in reply.lower() for refusal in _REFUSALS):
        return False
    return (
        facts(draft) <= facts(reply)
        and numbers(reply) <= numbers(passages_text)
        and detect_language(reply) == lang
    )


def rephrase(model: ChatModel, draft: Draft, question: str, lang: str, *, prompts_dir: Path,
             max_tokens: int) -> str | None:
    """The model's rewording of the draft body, or None when it fails the fact check."""
    body = draft.text.rsplit("\n\n", 1)[0]  # the sources line is added back by code, never by the model
    prompt = render_prompt(prompts_dir, "answer", lang, question=question, draft=body)
    reply = model.chat([{"role": "user", "content": prompt}], max_tokens=max_tokens, temperature=0.0).strip()
    # Figures the model may use: those of the passages and of their article references.
    passages_text = "\n".join(f"{p.text} {' '.join(p.articles)}" for p in draft.used)
    return reply if keeps_facts(body, reply, passages_text, lang) else None
