"""Off-topic exemplars: work questions the assistant must decline although they sound close to its cards.

A score threshold alone cannot separate "How do I reset my Outlook password?" from the password-policy card:
both are about passwords. knowledge/offtopic.yaml lists, per domain (IT support, labour law, tax, customer
service, logistics…), questions in each language that have no data-protection answer. The retriever measures
how much closer a question is to the nearest of them than to the nearest card question, and the answerer
declines a question that leans to the off-topic side.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from assistant.errors import ConfigError
from assistant.lang import LANGUAGES

OFF_TOPIC_FILE = "offtopic.yaml"


def load_off_topic(path: Path) -> tuple[str, ...]:
    """Every exemplar question of the file (domain → language → questions); none when the file is absent."""
    if not path.is_file():
        return ()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ConfigError(f"The off-topic file {path} cannot be read as YAML: {error}.") from error
    if not isinstance(data, dict):
        raise ConfigError(f"The off-topic file {path} must map each domain to its questions per language.")
    questions: list[str] = []
    for domain, by_language in data.items():
        if not isinstance(by_language, dict) or not by_language:
            raise ConfigError(f"Off-topic domain '{domain}' in {path} must map languages to lists of questions.")
        for lang, items in by_language.items():
            if lang not in LANGUAGES:
                raise ConfigError(
                    f"Off-topic domain '{domain}' in {path}: '{lang}' is not one of {', '.join(LANGUAGES)}."
                )
            if not isinstance(items, list) or not items or not all(isinstance(i, str) and i.strip() for i in items):
                raise ConfigError(
                    f"Off-topic domain '{domain}' ({lang}) in {path} needs a non-empty list of questions."
                )
            questions.extend(item.strip() for item in items)
    return tuple(dict.fromkeys(questions))
