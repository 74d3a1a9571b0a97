"""Knowledge cards: one Markdown file per topic with YAML front matter, loaded and validated at start-up.

A card covers one topic. Its front matter lists the questions it answers, in the card's language and in the
words of agents and managers: retrieval matches a user's question against them as well as against the text.
Its body is a first paragraph "Résumé: …" (French) or "Summary: …" (English) that answers directly, then
"- " bullet key points. English cards are named `<french-id>-en`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from assistant.errors import ConfigError
from assistant.lang import LANGUAGES

REQUIRED_KEYS = ("id", "title", "lang", "articles", "source", "keywords", "questions")
_SUMMARY_PREFIXES = ("résumé:", "resume:", "summary:")


@dataclass(frozen=True, slots=True)
class Card:
    """One validated guidance card."""

    id: str
    title: str
    lang: str
    articles: tuple[str, ...]
    source: str
    keywords: tuple[str, ...]
    questions: tuple[str, ...]
    summary: str
    bullets: tuple[str, ...]
    digest: str  # sha256 of the file: a changed file is re-embedded, an unchanged one is not

    @property
    def text(self) -> str:
        """The card body as plain text: summary then key points."""
        return "\n".join((self.summary, *self.bullets))


def _split_front_matter(raw: str, path: Path) -> tuple[dict, str]:
    lines = raw.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        raise ConfigError(f"Card {path} must start with a '---' front-matter block.")
    try:
        end = next(index for index, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    except StopIteration:
        raise ConfigError(f"Card {path} has no closing '---' after its front matter.") from None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as error:
        raise ConfigError(f"Card {path} has invalid YAML front matter: {error}.") from error
    if not isinstance(meta, dict):
        raise ConfigError(f"Card {path} front matter must be a mapping of keys to values.")
    return meta, "\n".join(lines[end + 1:])


def _string_list(meta: dict, key: str, path: Path) -> tuple[str, ...]:
    value = meta[key]
    # YAML reads an unquoted 2018 or 5.5 as a number: accept it as its text.
    items = value if isinstance(value, list) else []
    texts = [str(item).strip() for item in items if isinstance(item, str | int | float) and not isinstance(item, bool)]
    if not texts or len(texts) != len(items) or not all(texts):
        raise ConfigError(f"Card {path}: '{key}' must be a non-empty list of strings.")
    return tuple(texts)


def _parse_body(body: str, path: Path) -> tuple[str, tuple[str, ...]]:
    paragraphs = [block.strip() for block in body.strip().split("\n\n") if block.strip()]
    if not paragraphs or not paragraphs[0].lower().startswith(_SUMMARY_PREFIXES):
        raise ConfigError(f"Card {path}: the body must open with a 'Résumé:' or 'Summary:' paragraph.")
    summary = " ".join(paragraphs[0].split(":", 1)[1].split())
    bullets = tuple(
        " ".join(line.strip()[2:].split())
        for block in paragraphs[1:]
        for line in block.splitlines()
        if line.strip().startswith("- ")
    )
    if not summary or not bullets:
        raise ConfigError(f"Card {path}: it needs a non-empty summary and at least one '- ' key point.")
    return summary, bullets


def parse_card(path: Path) -> Card:
    """Read and validate one card file; raise ConfigError naming the file and the problem."""
    try:
        raw_bytes = path.read_bytes()
        raw = raw_bytes.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"Card {path} cannot be read as UTF-8 text: {error}.") from error
    meta, body = _split_front_matter(raw, path)
    missing = [key for key in REQUIRED_KEYS if key not in meta]
    if missing:
        raise ConfigError(f"Card {path} lacks required front-matter keys: {', '.join(missing)}.")
    for key in ("id", "title", "lang", "source"):
        if not isinstance(meta[key], str) or not meta[key].strip():
            raise ConfigError(f"Card {path}: '{key}' must be a non-empty string.")
    if meta["id"] != path.stem:
        raise ConfigError(f"Card {path}: id '{meta['id']}' must equal the file name '{path.stem}'.")
    if meta["lang"] not in LANGUAGES:
        raise ConfigError(f"Card {path}: lang must be one of {', '.join(LANGUAGES)}, not '{meta['lang']}'.")
    if path.parent.name in LANGUAGES and path.parent.name != meta["lang"]:
        raise ConfigError(f"Card {path}: lang '{meta['lang']}' does not match its folder '{path.parent.name}'.")
    summary, bullets = _parse_body(body, path)
    return Card(
        id=meta["id"],
        title=meta["title"].strip(),
        lang=meta["lang"],
        articles=_string_list(meta, "articles", path),
        source=meta["source"].strip(),
        keywords=_string_list(meta, "keywords", path),
        questions=_string_list(meta, "questions", path),
        summary=summary,
        bullets=bullets,
        digest=hashlib.sha256(raw_bytes).hexdigest(),
    )


def load_cards(cards_dir: Path) -> list[Card]:
    """Every card under cards_dir (recursively), sorted by id; ids must be unique."""
    if not cards_dir.is_dir():
        raise ConfigError(f"The cards folder {cards_dir} does not exist; check ASSISTANT_KNOWLEDGE_DIR.")
    cards: dict[str, Card] = {}
    places: dict[str, Path] = {}
    for path in sorted(cards_dir.rglob("*.md")):
        card = parse_card(path)
        if card.id in cards:
            raise ConfigError(f"Card id '{card.id}' is used by both {places[card.id]} and {path}; rename one.")
        cards[card.id] = card
        places[card.id] = path
    return [cards[card_id] for card_id in sorted(cards)]
