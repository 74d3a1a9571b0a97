"""Declarative category lexicons (knowledge/lexicons/*.yaml): loading, validation and matching.

Pattern syntax, matched on lower-cased accent-free text, word by word:
- words match whole words; spaces, hyphens and apostrophes between words are all separators;
- a trailing `*` on a word matches any ending (`handicap*` → handicapé, handicapées);
- an entry starting with `re:` is a raw regex on the folded text.
A `contextual` pattern counts only with a person word (from `_context.yaml`) within
CONTEXT_WINDOW words; a match inside a `false_friends` match is dropped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from assistant.detect.policy import SENSITIVE_CATEGORIES
from assistant.errors import ConfigError
from assistant.lang import LANGUAGES
from assistant.text import fold, fold_plain, words

CONTEXT_WINDOW = 3
_SECTIONS = ("terms", "contextual", "false_friends")
_LANG_KEYS = (*LANGUAGES, "any")
_SPLIT = re.compile(r"[^\w*]+")


@dataclass(frozen=True, slots=True)
class Span:
    """A match, in folded-text character offsets and token indices (end exclusive)."""

    start: int
    end: int
    first_token: int
    last_token: int


class TokenizedText:
    """A comment folded and split into words once, shared by every lexicon."""

    def __init__(self, text: str, lang: str, person_words: PatternSet | None = None) -> None:
        self.text = text
        self.lang = lang
        self.folded = fold(text)
        self.tokens = words(self.folded.text)
        self.token_texts = [token.group() for token in self.tokens]
        self._person_words = person_words

    @cached_property
    def person_positions(self) -> frozenset[int]:
        if self._person_words is None:
            return frozenset()
        positions: set[int] = set()
        for span in self._person_words.find(self):
            positions.update(range(span.first_token, span.last_token))
        return frozenset(positions)

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Token indices covering folded characters [start, end)."""
        inside = [i for i, token in enumerate(self.tokens) if token.end() > start and token.start() < end]
        if not inside:
            return 0, 0
        return inside[0], inside[-1] + 1

    def original_span(self, span: Span) -> tuple[int, int]:
        return self.folded.original_offset(span.start), self.folded.original_offset(span.end)


@dataclass(frozen=True, slots=True)
class _WordPattern:
    words: tuple[str, ...]
    prefix: tuple[bool, ...]

    def matches_at(self, tokens: list[str], index: int) -> bool:
        if index + len(self.words) > len(tokens):
            return False
        for offset, (word, is_prefix) in enumerate(zip(self.words, self.prefix, strict=True)):
            token = tokens[index + offset]
            if not (token.startswith(word) if is_prefix else token == word):
                return False
        return True


@dataclass
class PatternSet:
    """A compiled list of patterns, indexed by their first word for speed."""

    exact_first: dict[str, list[_WordPattern]] = field(default_factory=lambda: defaultdict(list))
    prefix_first: dict[str, list[_WordPattern]] = field(default_factory=lambda: defaultdict(list))
    prefix_lengths: set[int] = field(default_factory=set)
    regexes: list[re.Pattern[str]] = field(default_factory=list)

    @classmethod
    def compile(cls, patterns: list[str], where: str) -> PatternSet:
        compiled = cls()
        for pattern in patterns:
            compiled.add(pattern, where)
        return compiled

    def add(self, pattern: str, where: str) -> None:
        if pattern.startswith("re:"):
            try:
                self.regexes.append(re.compile(pattern[3:]))
            except re.error as error:
                raise ConfigError(f"{where}: invalid regex {pattern!r} ({error}).") from error
            return
        parts = [part for part in _SPLIT.split(fold_plain(pattern)) if part]
        if not parts:
            raise ConfigError(f"{where}: empty pattern {pattern!r}.")
        if any("*" in part[:-1] or part == "*" for part in parts):
            raise ConfigError(f"{where}: {pattern!r} may use * only at the end of a word.")
        compiled = _WordPattern(
            tuple(part.rstrip("*") for part in parts), tuple(part.endswith("*") for part in parts)
        )
        first = compiled.words[0]
        if compiled.prefix[0]:
            self.prefix_first[first].append(compiled)
            self.prefix_lengths.add(len(first))
        else:
            self.exact_first[first].append(compiled)

    def find(self, doc: TokenizedText) -> list[Span]:
        spans: list[Span] = []
        tokens = doc.token_texts
        for index, token in enumerate(tokens):
            candidates = list(self.exact_first.get(token, ()))
            for length in self.prefix_lengths:
                if len(token) >= length:
                    candidates.extend(self.prefix_first.get(token[:length], ()))
            for candidate in candidates:
                if candidate.matches_at(tokens, index):
                    last = index + len(candidate.words)
                    spans.append(Span(doc.tokens[index].start(), doc.tokens[last - 1].end(), index, last))
        for regex in self.regexes:
            for match in regex.finditer(doc.folded.text):
                if match.end() > match.start():
                    first, last = doc.token_range(match.start(), match.end())
                    spans.append(Span(match.start(), match.end(), first, last))
        return spans


@dataclass(frozen=True)
class Lexicon:
    """One sensitive category's word lists, compiled per language."""

    category: str
    terms: dict[str, PatternSet]
    contextual: dict[str, PatternSet]
    false_friends: dict[str, PatternSet]

    def find(self, doc: TokenizedText) -> list[Span]:
        """Non-overlapping matches of this category in the comment."""
        lang = doc.lang
        hits = self.terms[lang].find(doc)
        hits += [span for span in self.contextual[lang].find(doc) if _near_person(span, doc)]
        if not hits:
            return []
        friends = self.false_friends[lang].find(doc)
        hits = [hit for hit in hits if not any(f.start <= hit.start and hit.end <= f.end for f in friends)]
        return _longest_first(hits)


def _near_person(span: Span, doc: TokenizedText) -> bool:
    low = span.first_token - CONTEXT_WINDOW
    high = span.last_token + CONTEXT_WINDOW
    return any(low <= position < high for position in doc.person_positions)


def _longest_first(spans: list[Span]) -> list[Span]:
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start - s.end, s.start)):
        if all(span.end <= other.start or span.start >= other.end for other in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ConfigError(f"Cannot read lexicon {path.name}: {error}.") from error
    if not isinstance(data, dict):
        raise ConfigError(f"Lexicon {path.name} must be a mapping.")
    return data


def _compile_section(data: object, where: str) -> dict[str, PatternSet]:
    """A {fr|en|any: [patterns]} mapping compiled into one PatternSet per language."""
    data = data or {}
    if not isinstance(data, dict) or set(data) - set(_LANG_KEYS):
        raise ConfigError(f"{where}: expected keys among {', '.join(_LANG_KEYS)}.")
    for key, patterns in data.items():
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise ConfigError(f"{where}.{key}: expected a list of strings.")
    shared = data.get("any", [])
    return {lang: PatternSet.compile([*data.get(lang, []), *shared], where) for lang in LANGUAGES}


def load_lexicon(path: Path) -> Lexicon:
    """Load and validate one category file; unknown keys or categories fail loudly."""
    data = _read_yaml(path)
    unknown = set(data) - {"category", *_SECTIONS}
    if unknown:
        raise ConfigError(f"Lexicon {path.name}: unknown keys {sorted(unknown)}.")
    category = data.get("category")
    if category not in SENSITIVE_CATEGORIES or category != path.stem.upper():
        raise ConfigError(f"Lexicon {path.name}: category must be {path.stem.upper()!r}, a known category.")
    sections = {name: _compile_section(data.get(name), f"{path.name}:{name}") for name in _SECTIONS}
    return Lexicon(category=category, **sections)


def load_person_words(directory: Path) -> dict[str, PatternSet]:
    """The person words that make a `contextual` pattern count, per language."""
    path = directory / "_context.yaml"
    data = _read_yaml(path)
    if set(data) != {"person_words"}:
        raise ConfigError(f"{path.name}: expected exactly one key, person_words.")
    return _compile_section(data["person_words"], f"{path.name}:person_words")


def load_lexicons(directory: Path) -> list[Lexicon]:
    """Every category lexicon in the folder, in canonical category order."""
    lexicons = [load_lexicon(path) for path in sorted(directory.glob("*.yaml")) if not path.name.startswith("_")]
    order = list(SENSITIVE_CATEGORIES)
    return sorted(lexicons, key=lambda lexicon: order.index(lexicon.category))
