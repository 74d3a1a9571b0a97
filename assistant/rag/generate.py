"""Generated answers: a capable model writes from the retrieved passages, and code keeps only what they support.

    evidence ──► prompt (numbered passages, one citation per sentence) ──► model reply
             ──► statements "sentence [n]" ──► each checked against passage n:
                   n was given to the model; every figure (article numbers, amounts, durations written in
                   digits) and spelled-out duration of the sentence is in the passage or its article list;
                   most of its content words are in the passage
             ──► unsupported statements dropped; the answer is kept when at least half of them survive,
                 else None and the caller keeps the composed answer.

A model failure (ModelError), a refusal ("AUCUNE RÉPONSE" / "NO ANSWER") or a reply in the wrong language also
gives None. The model never writes the sources: code numbers them from the statements it kept.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from assistant.config import Settings
from assistant.errors import ModelError
from assistant.lang import detect_language
from assistant.prompts import render_prompt
from assistant.rag.compose import Evidence
from assistant.rag.draft import Draft, Statement, citation
from assistant.rag.lexical import terms
from assistant.text import fold_plain

if TYPE_CHECKING:
    from assistant.llm import ChatModel

log = logging.getLogger(__name__)

# Share of a sentence's content words (stemmed) that its cited passage must contain. Measured on the dev
# questions: each sentence of the first card scores 1.0 against it, and 4.5 % of those 665 sentences reach 0.6
# against the second card retrieved (a sentence cited to the wrong passage is caught 95 % of the time). How
# much a capable model rewords was not measured here (no such model offline): faithful rewordings keep most
# content words, and a sentence that fails costs only itself.
MIN_WORD_SUPPORT = 0.6
MIN_KEPT_SHARE = 0.5  # below this share of supported statements the whole reply is distrusted
_REFUSALS = ("aucune reponse", "no answer")
_CITATIONS = re.compile(r"\s*((?:\[\s*\d+\s*\]\s*)+)([.!?…]?)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SPELLED_DURATION = re.compile(
    r"\b(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze|trente|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|thirty)\s+"
    r"(?:mois|ans?|annees?|jours?|heures?|semaines?|months?|years?|days?|hours?|weeks?)\b"
)


def numbers(text: str) -> set[str]:
    """Figures of a text, thousands separators and decimal commas normalised ('300 000' → '300000')."""
    compact = re.sub(r"(?<=\d)[\s\u00a0\u202f,](?=\d{3}\b)", "", text)
    return {match.group().replace(",", ".") for match in _NUMBER.finditer(compact)}


def facts(text: str) -> set[str]:
    """Figures and spelled-out durations ('un mois', 'three years') of a text."""
    return numbers(text) | {" ".join(m.group().split()) for m in _SPELLED_DURATION.finditer(fold_plain(text))}


def passages_block(evidence: list[Evidence], lang: str) -> str:
    """The numbered passages shown to the model: citation line, then the card text."""
    blocks = []
    for number, item in enumerate(evidence, start=1):
        body = " ".join(sentence for sentence, _ in item.sentences)
        blocks.append(f"[{number}] {citation(item.passage, lang)}\n{body}")
    return "\n\n".join(blocks)


def split_statements(reply: str) -> tuple[list[tuple[str, list[int]]], str]:
    """The reply's cited statements ('text', [passage numbers]) and whatever uncited text is left at the end."""
    statements, start = [], 0
    for match in _CITATIONS.finditer(reply):
        text = (reply[start:match.start()].strip() + match.group(2)).strip()
        if text:
            statements.append((text, [int(n) for n in re.findall(r"\d+", match.group(1))]))
        start = match.end()
    return statements, reply[start:].strip()


def supports(passage_text: str, sentence: str) -> bool:
    """True when the passage holds every fact of the sentence and most of its content words."""
    if not facts(sentence) <= facts(passage_text):
        return False
    sentence_terms = set(terms(sentence))
    if not sentence_terms:
        return False
    return len(sentence_terms & set(terms(passage_text))) / len(sentence_terms) >= MIN_WORD_SUPPORT


def _support_text(item: Evidence) -> str:
    """What a statement citing this passage may draw on: its sentences and its article references."""
    return " ".join([*(sentence for sentence, _ in item.sentences), *item.passage.articles, item.passage.title])


def check_reply(reply: str, evidence: list[Evidence], lang: str) -> Draft | None:
    """The supported statements of a reply as a draft citing only the passages they rely on; None to fall back."""
    if not reply.strip() or any(refusal in fold_plain(reply) for refusal in _REFUSALS):
        return None
    statements, uncited = split_statements(reply)
    kept: list[tuple[str, int]] = []
    for text, cited in statements:
        backing = [n - 1 for n in cited if 1 <= n <= len(evidence) and supports(_support_text(evidence[n - 1]), text)]
        if backing:
            kept.append((text, backing[0]))
    total = len(statements) + (1 if uncited else 0)
    if not kept or len(kept) < MIN_KEPT_SHARE * total:
        return None
    if detect_language(" ".join(text for text, _ in kept)) != lang:
        return None
    order = list(dict.fromkeys(source for _, source in kept))
    return Draft(
        lang,
        tuple(Statement(text, order.index(source)) for text, source in kept),
        tuple(evidence[source].passage for source in order),
        evidence[0].matched_question,
    )


def generate(model: ChatModel, question: str, lang: str, evidence: list[Evidence], *,
             settings: Settings) -> Draft | None:
    """The model's answer reduced to what the evidence supports, or None (the caller keeps the composed one)."""
    prompt = render_prompt(settings.prompts_dir, "answer_generated", lang,
                           passages=passages_block(evidence, lang), question=question)
    try:
        reply = model.chat([{"role": "user", "content": prompt}], max_tokens=settings.llm_max_tokens, temperature=0.0)
    except ModelError as error:
        log.warning("The answer model failed (%s); the composed answer is used.", type(error).__name__)
        return None
    return check_reply(reply, evidence, lang)
