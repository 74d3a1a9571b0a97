"""The optional rewrite suggestion of an audit: the deterministic rules rewrite, never the LLM.

An audit of a million rows cannot wait seconds per row for a language model, so it calls the
rewrite stage with `rewrite_rounds = 0`, its rules path; `assistant rewrite` remains the way to get
an LLM rewrite. The rewrite stage runs the full detector (spaCy NER) on each flagged row.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from assistant.config import Settings
from assistant.errors import ConfigError


@lru_cache(maxsize=1)
def _rewrite_function() -> Callable[..., Any]:
    from assistant.rewrite import rewrite_comment  # lazy: only audits with --rewrite need it

    return rewrite_comment


@lru_cache(maxsize=4)
def _rules_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"rewrite_rounds": 0})


def check_available() -> None:
    """Raise ConfigError with one sentence when the rewrite stage is not installed."""
    try:
        _rewrite_function()
    except ImportError as error:
        raise ConfigError("--rewrite needs the rewrite stage (assistant.rewrite), which is not available.") from error


def rules_rewrite(text: str, lang: str, settings: Settings) -> str:
    """A neutral rewrite of a flagged comment, or '' when the rules could not make it compliant."""
    result = _rewrite_function()(text, lang, settings=_rules_settings(settings))
    return "" if result.flag_after else str(result.text)
