"""Answers to managers' GDPR questions, with sources checked by code, or a polite decline.

question → retrieve → (score below the threshold: decline) → extractive answer from the best passages →
optional LLM rewording, kept only if it passed the fact check → sources, each one a retrieved passage.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from assistant.config import Settings, get_settings
from assistant.errors import InputError, StoreError
from assistant.lang import LANGUAGES, detect_language
from assistant.prompts import render_prompt
from assistant.rag.compose import Draft, compose
from assistant.rag.passage import CARD, Passage
from assistant.rag.retriever import Retrieved, Retriever
from assistant.rag.store import open_store
from assistant.text import check_text

if TYPE_CHECKING:
    from assistant.llm import ChatModel

MAX_QUESTION_CHARS = 2_000
# The second topic is pointed to unless it scores clearly below the first: cards overlap (a general card and
# a specific one often share the question), and on the dev questions the specific card was often second.
SECOND_TOPIC_MARGIN = 0.15


@dataclass(frozen=True, slots=True)
class Source:
    """A cited card or document passage."""

    id: str
    title: str
    source: str
    articles: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title, "source": self.source}


@dataclass(frozen=True, slots=True)
class Answer:
    """The reply to one question; declined answers have no sources."""

    question: str
    lang: str
    answer: str
    declined: bool
    sources: tuple[Source, ...] = ()
    method: str = "extractive"  # "extractive", "llm" or "declined"

    def as_dict(self) -> dict:
        return {"answer": self.answer, "declined": self.declined, "sources": [s.as_dict() for s in self.sources]}


@lru_cache(maxsize=4)
def get_retriever(settings: Settings) -> Retriever:
    """The retriever over this settings' store, built (and the store synchronised) once per process."""
    return Retriever(open_store(settings))


def decline(question: str, lang: str, settings: Settings) -> Answer:
    """The polite refusal, in the question's language."""
    text = render_prompt(settings.prompts_dir, "decline", lang).strip()
    return Answer(question, lang, text, declined=True, method="declined")


def select(hits: list[Retrieved], threshold: float) -> list[Passage]:
    """The passages the answer is built from: the best one, and the next if it is nearly as good."""
    if not hits or hits[0].score < threshold:
        return []
    chosen = [hits[0].passage]
    if len(hits) > 1 and hits[1].score >= max(threshold, hits[0].score - SECOND_TOPIC_MARGIN):
        chosen.append(hits[1].passage)
    return chosen


def checked_sources(draft: Draft, hits: list[Retrieved]) -> tuple[Source, ...]:
    """Sources of the draft; a passage that was not retrieved cannot be cited."""
    retrieved = {hit.passage.id for hit in hits}
    unknown = [passage.id for passage in draft.used if passage.id not in retrieved]
    if unknown:
        raise StoreError(f"The answer cites passages that were not retrieved ({', '.join(unknown)}); report this bug.")
    return tuple(Source(p.doc_id if p.kind == CARD else p.id, p.title, p.source, p.articles) for p in draft.used)


def answer_question(
    question: str, lang: str | None = None, *, settings: Settings | None = None, model: ChatModel | None = None,
    retriever: Retriever | None = None,
) -> Answer:
    """Answer from the knowledge base in the question's language, citing sources, or decline."""
    settings = settings or get_settings()
    question = check_text(question, MAX_QUESTION_CHARS, what="question").strip()
    lang = lang or detect_language(question)
    if lang not in LANGUAGES:
        raise InputError(f"Language '{lang}' is not supported; use one of {', '.join(LANGUAGES)}.")
    retriever = retriever or get_retriever(settings)
    hits = retriever.retrieve(question, lang, settings.retrieval_k)
    draft = compose(question, lang, select(hits, settings.answer_threshold))
    sources = checked_sources(draft, hits)
    if not sources:
        return decline(question, lang, settings)
    if model is not None:
        from assistant.rag.rephrase import rephrase

        reworded = rephrase(model, draft, question, lang, prompts_dir=settings.prompts_dir,
                            max_tokens=settings.llm_max_tokens)
        if reworded is not None:
            sources_line = draft.text.rsplit("\n\n", 1)[1]
            return Answer(question, lang, f"{reworded}\n\n{sources_line}", False, sources, method="llm")
    return Answer(question, lang, draft.text, declined=False, sources=sources)


def stream_answer(
    question: str, lang: str | None = None, *, settings: Settings | None = None, model: ChatModel | None = None,
) -> Iterator[str | Answer]:
    """For the UI: the answer's paragraphs as text pieces, then the final Answer object."""
    answer = answer_question(question, lang, settings=settings, model=model)
    paragraphs = answer.answer.split("\n\n")
    for index, paragraph in enumerate(paragraphs):
        yield paragraph if index == len(paragraphs) - 1 else paragraph + "\n\n"
    yield answer
