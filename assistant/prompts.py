"""Prompt templates stored as files in prompts/, loaded by name and language, with named placeholders."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from string import Template

from assistant.errors import ConfigError


@lru_cache(maxsize=32)
def _template(path: Path) -> Template:
    try:
        return Template(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"Prompt file {path} is missing; restore it from the repository.") from error


def render_prompt(prompts_dir: Path, name: str, lang: str, **values: str) -> str:
    """Render prompts/<name>.<lang>.txt; a missing placeholder value fails loudly."""
    template = _template(prompts_dir / f"{name}.{lang}.txt")
    try:
        return template.substitute(values)
    except KeyError as error:
        raise ConfigError(f"Prompt {name}.{lang} needs a value for {error}.") from error
