"""Turn errors raised inside a UI handler into one clear message in the page, never raw text in the log."""

from __future__ import annotations

import functools
import inspect
import logging
import traceback
from collections.abc import Callable
from typing import Any

import gradio as gr

from assistant.errors import AssistantError
from assistant.ui.i18n import t

log = logging.getLogger("assistant.ui")


def user_error(error: Exception, lang: str | None) -> gr.Error:
    """The gr.Error to raise for `error`. Unexpected errors are logged by type and stack only:
    their message may quote the comment, and comment text never goes to the server log."""
    if isinstance(error, gr.Error):
        return error
    if isinstance(error, AssistantError):
        log.info("UI handler stopped with %s (shown to the user)", type(error).__name__)
        return gr.Error(str(error), title=t("error_title", lang), print_exception=False)
    stack = "".join(traceback.format_tb(error.__traceback__))
    log.error("UI handler failed with %s (message withheld: it may quote user text)\n%s", type(error).__name__, stack)
    return gr.Error(t("error_internal", lang, kind=type(error).__name__), title=t("error_title", lang),
                    print_exception=False)


def guarded(lang_arg: str = "lang") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a handler (plain or generator) so any error becomes a user-facing gr.Error."""

    def decorate(handler: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(handler)

        def language(args: tuple, kwargs: dict) -> str | None:
            try:
                return signature.bind_partial(*args, **kwargs).arguments.get(lang_arg)
            except TypeError:
                return None

        if inspect.isgeneratorfunction(handler):
            @functools.wraps(handler)
            def generator_wrapper(*args: Any, **kwargs: Any) -> Any:
                try:
                    yield from handler(*args, **kwargs)
                except Exception as error:
                    raise user_error(error, language(args, kwargs)) from None

            return generator_wrapper

        @functools.wraps(handler)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                return handler(*args, **kwargs)
            except Exception as error:
                raise user_error(error, language(args, kwargs)) from None

        return wrapper

    return decorate
