"""Declarative category lexicons (knowledge/lexicons/*.yaml): loading, validation and matching.

Pattern syntax, matched on lower-cased accent-free text, word by word:
- words match whole words; spaces, hyphens and apostrophes between words are all separators;
- a trailing `*` on a word matches any ending (`handicap*` → handicapé, handicapées);
- an entry starting with `re:` is a raw regex on the folded text.
A `contextual` pattern counts only with a person word (from `_context.yaml`) within CONTEXT_WINDOW
words, or when it opens a sentence (agents often start a note with a descriptor of the customer);
a match that overlaps a `false_friends` match is dropped.

Every lexicon of a language is compiled into one index, so a comment is scanned once, not once per
category and section.
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
SECTIONS = ("terms", "contextual", "false_friends")
_LANG_KEYS = (*LANGUAGES, "any")
_SPLIT = re.compile(r"[^\w*]+")
_SENTENCE_BREAK = re.compile(r"[.!?;:\n(\[•*]|(?:^|\s)-\s")
Tag = tuple[str, str]  # (category, section)
_CACHE_SIZE = 200_000  # distinct tokens remembered by the candidate cache


@dataclass(frozen=True, slots=True)
class Span:
    """A match, in folded-text character offsets and token indices (end exclusive)."""

    start: int
    end: int
    first_token: int
    last_token: int

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


class TokenizedText:
    """A comment folded and split into words once, shared by every lexicon."""

    def __init__(self, text: str, lang: str) -> None:
        self.text = text
        self.lang = lang
        self.folded = fold(text)
        self.tokens = words(self.folded.text)
        self.token_texts = [token.group() for token in self.tokens]

    @cached_property
    def sentence_starts(self) -> frozenset[int]:
        """Indices of tokens that open the comment or a sentence."""
        starts = {0}
        folded = self.folded.text
        for index in range(1, len(self.tokens)):
            if _SENTENCE_BREAK.search(folded, self.tokens[index - 1].end(), self.tokens[index].start()):
                starts.add(index)
        return frozenset(starts)

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Token indices covering folded characters [start, end)."""
        inside = [i for i, token in enumerate(self.tokens) if token.end() > start and token.start() < end]
        if not inside:
            return 0, 0
        return inside[0], inside[-1] + 1

    def original_span(self, span: Span) -> tuple[int, int]:
        return self.folded.original_offset(span.start), self.folded.original_offset(span.end)


def _top_level_alternatives(body: str) -> list[str] | None:
    """The top-level alternatives of a leading, mandatory `(?:…)` group; None when that is not the shape."""
    depth, part_start, parts, index = 0, 3, [], 0
    while index < len(body):
        char = body[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index = body.index("]", index + 2)
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                optional = body[index + 1:index + 2] in ("?", "*", "{")
                return None if optional else [*parts, body[part_start:index]]
        elif char == "|" and depth == 1:
            parts.append(body[part_start:index])
            part_start = index + 1
        index += 1
    return None


def _literal_prefix(alternative: str) -> str:
    """The letters every match of this alternative starts with ("" when unknown)."""
    run = re.match(r"[a-z0-9]+", alternative)
    if run is None:
        return ""
    prefix = run.group()
    if alternative[len(prefix):len(prefix) + 1] in ("?", "*", "{"):
        prefix = prefix[:-1]
    return prefix


def gate_prefixes(regex: str) -> tuple[str, ...] | None:
    """Word starts that any match of a `\\b…` regex must begin with, or None when they can't be read.

    A regex is only run on comments with a token starting with one of them (most comments have none).
    """
    if not regex.startswith(r"\b"):
        return None
    body = regex[2:]
    whole = _top_level_alternatives(f"(?:{body})")
    if whole is None or len(whole) != 1:
        return None  # a top-level `|` would let an alternative escape the leading \b
    alternatives = _top_level_alternatives(body) if body.startswith("(?:") else whole
    if not alternatives:
        return None
    prefixes = tuple(_literal_prefix(alternative) for alternative in alternatives)
    return None if "" in prefixes else prefixes


@dataclass(frozen=True, slots=True)
class _WordPattern:
    words: tuple[str, ...]
    prefix: tuple[bool, ...]
    tag: Tag

    def matches_rest(self, tokens: list[str], index: int) -> bool:
        """Whether the words after the first (already matched at `index`) follow."""
        if index + len(self.words) > len(tokens):
            return False
        for offset in range(1, len(self.words)):
            token, word = tokens[index + offset], self.words[offset]
            if not (token.startswith(word) if self.prefix[offset] else token == word):
                return False
        return True


@dataclass(frozen=True, slots=True)
class _Candidates:
    """What a token can start: one-word patterns, longer ones keyed by their second word, gated regexes."""

    singles: tuple[_WordPattern, ...]
    by_second: dict[str, tuple[_WordPattern, ...]]
    second_prefixed: tuple[_WordPattern, ...]
    regex_ids: tuple[int, ...]


@dataclass
class PatternIndex:
    """Tagged patterns indexed by their first word: one dictionary look-up per token and prefix length."""

    exact_first: dict[str, list[_WordPattern]] = field(default_factory=lambda: defaultdict(list))
    prefix_first: dict[str, list[_WordPattern]] = field(default_factory=lambda: defaultdict(list))
    prefix_lengths: list[int] = field(default_factory=list)
    regexes: list[tuple[re.Pattern[str], Tag]] = field(default_factory=list)
    ungated_regexes: list[int] = field(default_factory=list)
    gate_first: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    gate_lengths: list[int] = field(default_factory=list)
    _cache: dict[str, _Candidates] = field(default_factory=dict)

    def add(self, pattern: str, tag: Tag, where: str) -> None:
        self._cache.clear()
        if pattern.startswith("re:"):
            try:
                self.regexes.append((re.compile(pattern[3:]), tag))
            except re.error as error:
                raise ConfigError(f"{where}: invalid regex {pattern!r} ({error}).") from error
            regex_id = len(self.regexes) - 1
            prefixes = gate_prefixes(pattern[3:])
            if prefixes is None:
                self.ungated_regexes.append(regex_id)
            for prefix in prefixes or ():
                self.gate_first[prefix].append(regex_id)
                if len(prefix) not in self.gate_lengths:
                    self.gate_lengths = sorted([*self.gate_lengths, len(prefix)])
            return
        parts = [part for part in _SPLIT.split(fold_plain(pattern)) if part]
        if not parts:
            raise ConfigError(f"{where}: empty pattern {pattern!r}.")
        if any("*" in part[:-1] or part == "*" for part in parts):
            raise ConfigError(f"{where}: {pattern!r} may use * only at the end of a word.")
        compiled = _WordPattern(
            tuple(part.rstrip("*") for part in parts), tuple(part.endswith("*") for part in parts), tag
        )
        first = compiled.words[0]
        if compiled.prefix[0]:
            self.prefix_first[first].append(compiled)
            if len(first) not in self.prefix_lengths:
                self.prefix_lengths = sorted([*self.prefix_lengths, len(first)])
        else:
            self.exact_first[first].append(compiled)

    def candidates(self, token: str) -> _Candidates:
        """Patterns and gated regexes this token can start; cached, as CRM vocabulary repeats a lot."""
        cached = self._cache.get(token)
        if cached is None:
            patterns = list(self.exact_first.get(token, ()))
            for length in self.prefix_lengths:
                if length > len(token):
                    break
                patterns += self.prefix_first.get(token[:length], ())
            regex_ids: list[int] = []
            for length in self.gate_lengths:
                if length > len(token):
                    break
                regex_ids += self.gate_first.get(token[:length], ())
            by_second: dict[str, list[_WordPattern]] = defaultdict(list)
            for pattern in patterns:
                if len(pattern.words) > 1 and not pattern.prefix[1]:
                    by_second[pattern.words[1]].append(pattern)
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            cached = self._cache[token] = _Candidates(
                singles=tuple(p for p in patterns if len(p.words) == 1),
                by_second={word: tuple(group) for word, group in by_second.items()},
                second_prefixed=tuple(p for p in patterns if len(p.words) > 1 and p.prefix[1]),
                regex_ids=tuple(regex_ids),
            )
        return cached

    def find(self, doc: TokenizedText) -> list[tuple[Tag, Span]]:
        found: list[tuple[Tag, Span]] = []
        tokens, positions = doc.token_texts, doc.tokens
        last_index = len(tokens) - 1
        triggered = set(self.ungated_regexes)
        for index, token in enumerate(tokens):
            candidates = self.candidates(token)
            triggered.update(candidates.regex_ids)
            for pattern in candidates.singles:
                found.append((pattern.tag, Span(positions[index].start(), positions[index].end(), index, index + 1)))
            if index == last_index or not (candidates.by_second or candidates.second_prefixed):
                continue
            for pattern in (*candidates.by_second.get(tokens[index + 1], ()), *candidates.second_prefixed):
                if pattern.matches_rest(tokens, index):
                    last = index + len(pattern.words)
                    found.append((pattern.tag, Span(positions[index].start(), positions[last - 1].end(), index, last)))
        for regex_id in sorted(triggered):
            regex, tag = self.regexes[regex_id]
            for match in regex.finditer(doc.folded.text):
                if match.end() > match.start():
                    first, last = doc.token_range(match.start(), match.end())
                    found.append((tag, Span(match.start(), match.end(), first, last)))
        return found


@dataclass(frozen=True)
class Lexicon:
    """One sensitive category's raw patterns: section → language → patterns ("any" merged in)."""

    category: str
    sections: dict[str, dict[str, tuple[str, ...]]]


class LexiconMatcher:
    """Every lexicon of one language compiled into one index; finds each category's matches."""

    def __init__(self, lexicons: list[Lexicon], person_words: tuple[str, ...], lang: str) -> None:
        self.lang = lang
        self.categories = [lexicon.category for lexicon in lexicons]
        self._index = PatternIndex()  # terms, contextual terms and person words
        self._friends: dict[str, PatternIndex] = {}  # only scanned for categories that matched
        for lexicon in lexicons:
            friends = self._friends[lexicon.category] = PatternIndex()
            for section, by_lang in lexicon.sections.items():
                index = friends if section == "false_friends" else self._index
                for pattern in by_lang[lang]:
                    index.add(pattern, (lexicon.category, section), f"{lexicon.category}:{section}")
        for pattern in person_words:
            self._index.add(pattern, ("", "person"), "_context.yaml:person_words")

    def find(self, doc: TokenizedText) -> dict[str, list[Span]]:
        """Non-overlapping matches per category (categories without a match are absent)."""
        by_tag: dict[Tag, list[Span]] = defaultdict(list)
        for tag, span in self._index.find(doc):
            by_tag[tag].append(span)
        persons = {position for span in by_tag.get(("", "person"), ()) for position in range(
            span.first_token, span.last_token)}
        result: dict[str, list[Span]] = {}
        for category in self.categories:
            hits = by_tag.get((category, "terms"), [])
            contextual = by_tag.get((category, "contextual"))
            if contextual:
                hits = hits + [span for span in contextual if _in_context(span, doc, persons)]
            if not hits:
                continue
            friends = [span for _, span in self._friends[category].find(doc)]
            hits = [hit for hit in hits if not any(friend.overlaps(hit) for friend in friends)]
            if hits:
                result[category] = _longest_first(hits)
        return result


def _in_context(span: Span, doc: TokenizedText, persons: set[int]) -> bool:
    if span.first_token in doc.sentence_starts:
        return True
    low, high = span.first_token - CONTEXT_WINDOW, span.last_token + CONTEXT_WINDOW
    return any(low <= position < high for position in persons)


def _longest_first(spans: list[Span]) -> list[Span]:
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start - s.end, s.start)):
        if not any(span.overlaps(other) for other in kept):
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


def _by_language(data: object, where: str) -> dict[str, tuple[str, ...]]:
    """A {fr|en|any: [patterns]} mapping, validated and compiled once, as patterns per language."""
    data = data or {}
    if not isinstance(data, dict) or set(data) - set(_LANG_KEYS):
        raise ConfigError(f"{where}: expected keys among {', '.join(_LANG_KEYS)}.")
    for key, patterns in data.items():
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise ConfigError(f"{where}.{key}: expected a list of strings.")
    shared = data.get("any", [])
    by_lang = {lang: (*data.get(lang, []), *shared) for lang in LANGUAGES}
    probe = PatternIndex()
    for patterns in by_lang.values():
        for pattern in patterns:
            probe.add(pattern, ("", ""), where)
    return by_lang


def load_lexicon(path: Path) -> Lexicon:
    """Load and validate one category file; unknown keys or categories fail loudly."""
    data = _read_yaml(path)
    unknown = set(data) - {"category", *SECTIONS}
    if unknown:
        raise ConfigError(f"Lexicon {path.name}: unknown keys {sorted(unknown)}.")
    category = data.get("category")
    if category not in SENSITIVE_CATEGORIES or category != path.stem.upper():
        raise ConfigError(f"Lexicon {path.name}: category must be {path.stem.upper()!r}, a known category.")
    sections = {name: _by_language(data.get(name), f"{path.name}:{name}") for name in SECTIONS}
    return Lexicon(category=category, sections=sections)


def load_person_words(directory: Path) -> dict[str, tuple[str, ...]]:
    """The person words that make a `contextual` pattern count, per language."""
    path = directory / "_context.yaml"
    data = _read_yaml(path)
    if set(data) != {"person_words"}:
        raise ConfigError(f"{path.name}: expected exactly one key, person_words.")
    return _by_language(data["person_words"], f"{path.name}:person_words")


def load_lexicons(directory: Path) -> list[Lexicon]:
    """Every category lexicon in the folder, in canonical category order."""
    lexicons = [load_lexicon(path) for path in sorted(directory.glob("*.yaml")) if not path.name.startswith("_")]
    order = list(SENSITIVE_CATEGORIES)
    return sorted(lexicons, key=lambda lexicon: order.index(lexicon.category))
