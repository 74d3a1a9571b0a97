"""The Assistant tab: one chat where a pasted comment is checked and rewritten and a question is answered."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.config import Settings
from assistant.errors import InputError
from assistant.services import Services
from assistant.ui import render
from assistant.ui.guard import guarded
from assistant.ui.i18n import t
from assistant.ui.routing import Kind, guess_kind

log = logging.getLogger("assistant.ui")

Message = dict[str, str]
History = list[Message]
# What a chat handler yields: the conversation, the last user message (for the override buttons), the input box.
Turn = tuple[History, str, Any]


@dataclass(frozen=True)
class Chat:
    """Chat handlers bound to the settings and the library functions."""

    settings: Settings
    services: Services

    @guarded()
    def submit(self, message: str, history: History | None, lang: str) -> Iterator[Turn]:
        """A new user message: guess its kind, then answer it."""
        text = (message or "").strip()
        if not text:
            raise InputError(t("error_empty", lang))
        kind = guess_kind(text)
        log.info("chat: %d characters routed as %s", len(text), kind)
        history = [*(history or []), {"role": "user", "content": render.escape(text)}]
        yield from self._reply(text, kind, t(f"guess_{kind}", lang), history, lang, box="")

    @guarded()
    def redo(self, kind: Kind, last: str, history: History | None, lang: str) -> Iterator[Turn]:
        """The user says the guess was wrong: treat the last message as `kind`."""
        if not last:
            raise InputError(t("nothing_to_redo", lang))
        log.info("chat: %d characters re-routed as %s by the user", len(last), kind)
        # The input box is left alone: the user may already be typing the next message.
        yield from self._reply(last, kind, t(f"forced_{kind}", lang), list(history or []), lang, box=gr.skip())

    def _reply(self, text: str, kind: Kind, intro: str, history: History, lang: str, box: Any) -> Iterator[Turn]:
        replies = self._comment(text, lang) if kind == "comment" else self._question(text, lang)
        for body in replies:
            yield [*history, {"role": "assistant", "content": f"{intro}\n\n{body}"}], text, box

    def _comment(self, text: str, lang: str) -> Iterator[str]:
        analysis = self.services.detect(text, None, self.settings)
        if not analysis.flag:
            yield render.comment_reply(analysis, None, lang)
            return
        yield render.comment_reply(analysis, None, lang) + "\n\n" + t("rewriting", lang)
        result = self.services.rewrite(text, None, self.settings)
        yield render.comment_reply(analysis, result, lang)

    def _question(self, text: str, lang: str) -> Iterator[str]:
        yield t("thinking", lang)
        for partial, answer in self.services.stream_answer(text, None, self.settings):
            yield render.answer_reply(partial, answer, lang)
