"""Declarative category lexicons (knowledge/lexicons/*.yaml): loading, validation and matching.

Pattern syntax, matched on lower-cased accent-free text, word by word:
- words match whole words; spaces, hyphens and apostrophes between words are all separators;
- a trailing `*` on a word matches any ending (`handicap*` → handicapé, handicapées);
- an entry starting with `re:` is a raw regex on the folded text.
Sections of a category file:
- `terms` count anywhere;
- `contextual` patterns count only with a person word (from `_context.yaml`) within CONTEXT_WINDOW
  words, or when they open a sentence (agents often start a note with a descriptor of the customer);
- `evidence` patterns never count alone: they widen a finding of the same category that they touch
  (the duration after « prison », the adjectives piled around an insult), see detect/evidence.py;
- a match that overlaps a `false_friends` match is dropped, and so is a match written as part of a
  proper noun (« bar Le Gay Luron », « Café des Immigrés », « rue de l'Église »).
Orientation revealed by a partner's gender (« M. Garnier et son mari ») is a frame, detect/partner.py.

Every lexicon of a language is compiled into one index, so a comment is scanned once, not once per
category and section; `evidence` and `false_friends` are scanned only for categories that matched.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from assistant.detect.evidence import Boundaries, grow
from assistant.detect.partner import CATEGORY as PARTNER_CATEGORY
from assistant.detect.partner import FEMALE, MALE, same_gender_partners
from assistant.detect.policy import SENSITIVE_CATEGORIES
from assistant.detect.proper_nouns import in_proper_noun
from assistant.detect.tokens import Span, TokenizedText, WordSet
from assistant.errors import ConfigError
from assistant.lang import LANGUAGES
from assistant.text import fold_plain, words

CONTEXT_WINDOW = 3
# Categories whose contextual words name a person by themselves when written with a capital in French,
# which capitalises a nationality used as a noun (« un grand Sénégalais », « Mme Traoré, Malienne ») and
# not the adjective (« tapis marocain »); English capitalises both. Business and place names stay proper nouns.
CAPITALISED_IS_PERSON = frozenset({"ORIGIN"})
WINDOW_MARGIN = 4  # tokens beyond the hits' sentences scanned for false friends: the longest that cross a break
SECTIONS = ("terms", "contextual", "evidence", "false_friends")
_SCANNED_ON_MATCH = ("evidence", "false_friends")  # sections only scanned for categories that matched
_LANG_KEYS = (*LANGUAGES, "any")
_SPLIT = re.compile(r"[^\w*]+")
Tag = tuple[str, str]  # (category, section)
# _context.yaml: every key and the most words an entry may have (0: any pattern; the others are
# word sets tested token by token)
CONTEXT_KEYS = {
    "person_words": 0, "male_partners": 0, "female_partners": 0, "span_stops": 2, "function_words": 1,
    "male_words": 1, "female_words": 1, "name_heads": 1, "name_articles": 1,
}
_CACHE_SIZE = 200_000  # distinct tokens remembered by the candidate cache


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


NO_CANDIDATES = _Candidates((), {}, (), ())  # what most tokens start: the scan skips them at once


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
            ) if patterns or regex_ids else NO_CANDIDATES
        return cached

    def find(self, doc: TokenizedText, window: tuple[int, int] | None = None) -> list[tuple[Tag, Span]]:
        """Every match in the comment, or only in the tokens [first, last) of `window`."""
        found: list[tuple[Tag, Span]] = []
        tokens, positions = doc.token_texts, doc.tokens
        first, stop = window or (0, len(tokens))
        if first >= stop:
            return found
        last_index = stop - 1
        starts: dict[int, list[int]] = {}  # gated regex → the tokens its matches may start at
        cached = self._cache.get
        for index in range(first, stop):
            token = tokens[index]
            candidates = cached(token) or self.candidates(token)
            if candidates is NO_CANDIDATES:
                continue
            for regex_id in candidates.regex_ids:
                starts.setdefault(regex_id, []).append(index)
            for pattern in candidates.singles:
                found.append((pattern.tag, Span(positions[index].start(), positions[index].end(), index, index + 1)))
            if index == last_index or not (candidates.by_second or candidates.second_prefixed):
                continue
            for pattern in (*candidates.by_second.get(tokens[index + 1], ()), *candidates.second_prefixed):
                if pattern.matches_rest(tokens, index):
                    last = index + len(pattern.words)
                    found.append((pattern.tag, Span(positions[index].start(), positions[last - 1].end(), index, last)))
        text = doc.folded.text
        for regex_id in sorted({*self.ungated_regexes, *starts}):
            regex, tag = self.regexes[regex_id]
            low, high = positions[first].start(), positions[last_index].end()
            gated = starts.get(regex_id)
            matches = (regex.finditer(text, low, high) if gated is None
                       else _matches_at(regex, text, [positions[index].start() for index in gated], low, high))
            for match in matches:
                if match.end() > match.start():
                    first, last = doc.token_range(match.start(), match.end())
                    found.append((tag, Span(match.start(), match.end(), first, last)))
        return found


def _matches_at(regex: re.Pattern[str], text: str, offsets: list[int], low: int, high: int) -> Iterator[re.Match[str]]:
    """What `regex.finditer(text, low, high)` yields when its matches can only start at `offsets` (ascending):
    the starts of the tokens a gated regex's word starts allow. One anchored attempt per such token instead
    of a scan of the whole comment."""
    resume = low
    for offset in offsets:
        if offset >= resume and (match := regex.match(text, offset, high)) is not None:
            yield match
            resume = max(match.end(), offset + 1)


@dataclass(frozen=True)
class Lexicon:
    """One sensitive category's raw patterns: section → language → patterns ("any" merged in)."""

    category: str
    sections: dict[str, dict[str, tuple[str, ...]]]


@dataclass(frozen=True)
class LexiconMatches:
    """A comment's evidence spans per category, the limits its spans grow within, and the false friends
    that cancelled a trigger of a category (for the other layers: « gardien de prison » is no place for a
    learned CRIMINAL either)."""

    spans: dict[str, list[Span]]
    bounds: Boundaries
    cancelled: dict[str, list[Span]] = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """The words of one language that are about people and sentences, shared by every category (_context.yaml)."""

    person_words: tuple[str, ...]
    male_partners: tuple[str, ...]
    female_partners: tuple[str, ...]
    span_stops: WordSet
    function_words: WordSet
    male_words: WordSet
    female_words: WordSet
    name_heads: WordSet
    name_articles: WordSet


class LexiconMatcher:
    """Every lexicon of one language compiled into one index; finds each category's evidence spans."""

    def __init__(self, lexicons: list[Lexicon], context: Context, lang: str) -> None:
        self.lang = lang
        self.context = context
        self.categories = [lexicon.category for lexicon in lexicons]
        self._index = PatternIndex()  # terms, contextual terms, person words and partner phrases
        self._on_match: dict[str, PatternIndex] = {}  # evidence and false friends, scanned only on a match
        for lexicon in lexicons:
            on_match = self._on_match[lexicon.category] = PatternIndex()
            for section, by_lang in lexicon.sections.items():
                index = on_match if section in _SCANNED_ON_MATCH else self._index
                for pattern in by_lang[lang]:
                    index.add(pattern, (lexicon.category, section), f"{lexicon.category}:{section}")
        for section, patterns in (("person", context.person_words), (f"{MALE}_partner", context.male_partners),
                                  (f"{FEMALE}_partner", context.female_partners)):
            for pattern in patterns:
                self._index.add(pattern, ("", section), f"_context.yaml:{section}")

    def find(self, doc: TokenizedText) -> LexiconMatches:
        """Evidence spans per category, non-overlapping (categories without a match are absent)."""
        triggers, persons = self._triggers(doc)
        bounds = Boundaries(doc, self.context.span_stops, self.context.function_words, persons)
        result: dict[str, list[Span]] = {}
        cancelled: dict[str, list[Span]] = {}
        for category, hits in triggers.items():
            friends, evidence = self._on_match_spans(doc, category, hits)
            spans = self._evidence_spans(doc, hits, friends, evidence, bounds)
            if spans:
                result[category] = spans
            if used := [friend for friend in friends if any(friend.overlaps(hit) for hit in hits)]:
                cancelled[category] = used
        return LexiconMatches(result, bounds, cancelled)

    def flags(self, doc: TokenizedText) -> bool:
        """Whether `find(doc).spans` holds anything, decided at the first category that keeps a trigger
        past its false friends and proper nouns: no evidence is grown, later categories are not looked at."""
        triggers, _ = self._triggers(doc)
        for category, hits in triggers.items():
            friends, _ = self._on_match_spans(doc, category, hits)
            if self._kept_triggers(doc, hits, friends):
                return True
        return False

    def _triggers(self, doc: TokenizedText) -> tuple[dict[str, list[Span]], frozenset[int]]:
        """Each category's trigger matches (terms, contextual terms in context, same-gender partners), and
        the token indices of person words."""
        by_tag: dict[Tag, list[Span]] = defaultdict(list)
        for tag, span in self._index.find(doc):
            by_tag[tag].append(span)
        persons = frozenset(position for span in by_tag.get(("", "person"), ()) for position in range(
            span.first_token, span.last_token))
        triggers: dict[str, list[Span]] = {}
        for category in self.categories:
            hits = by_tag.get((category, "terms"), [])
            contextual = by_tag.get((category, "contextual"))
            if contextual:
                capital_person = category in CAPITALISED_IS_PERSON and doc.lang == "fr"
                hits = hits + [span for span in contextual if _in_context(span, doc, persons)
                               or (capital_person and doc.is_capitalised(span.first_token))]
            if category == PARTNER_CATEGORY:
                partners = [(gender, span) for gender in (MALE, FEMALE)
                            for span in by_tag.get(("", f"{gender}_partner"), ())]
                if partners:
                    hits = hits + same_gender_partners(doc, partners, self.context.male_words,
                                                       self.context.female_words)
            if hits:
                triggers[category] = hits
        return triggers, persons

    def _on_match_spans(self, doc: TokenizedText, category: str, hits: list[Span]) -> tuple[list[Span], list[Span]]:
        """The category's false friends and evidence matches around its triggers."""
        friends, evidence = [], []
        for (_, section), span in self._on_match[category].find(doc, _window(doc, hits)):
            (friends if section == "false_friends" else evidence).append(span)
        return friends, evidence

    def false_friends(self, doc: TokenizedText, category: str, spans: list[Span]) -> list[Span]:
        """The category's false friends that overlap `spans` (another layer's findings where the lexicon
        had no trigger: a false friend cancels a category whoever proposed it)."""
        index = self._on_match.get(category)
        found = index.find(doc, _window(doc, spans)) if index else []
        return [span for (_, section), span in found
                if section == "false_friends" and any(span.overlaps(other) for other in spans)]

    def _evidence_spans(
        self, doc: TokenizedText, hits: list[Span], friends: list[Span], evidence: list[Span], bounds: Boundaries
    ) -> list[Span]:
        """Triggers of one category minus false friends and proper nouns, widened into evidence spans."""
        hits = self._kept_triggers(doc, hits, friends)
        if not hits:
            return []
        evidence = [span for span in evidence if not any(friend.overlaps(span) for friend in friends)]
        return grow(_longest_first(hits), evidence, bounds)

    def _kept_triggers(self, doc: TokenizedText, hits: list[Span], friends: list[Span]) -> list[Span]:
        """The triggers that overlap no false friend and are not part of a proper noun."""
        context = self.context
        return [hit for hit in hits if not any(friend.overlaps(hit) for friend in friends)
                and not in_proper_noun(doc, hit, context.name_heads, context.name_articles)]


def _window(doc: TokenizedText, hits: list[Span]) -> tuple[int, int]:
    """The sentences holding the hits, and WINDOW_MARGIN tokens on each side: where their evidence and
    false friends can be (« rehab (drugs) » crosses a bracket)."""
    sentences = doc.sentence_ids
    first = sentences.index(sentences[min(hit.first_token for hit in hits)])
    last = len(sentences) - sentences[::-1].index(sentences[max(hit.last_token for hit in hits) - 1])
    return max(0, first - WINDOW_MARGIN), min(len(sentences), last + WINDOW_MARGIN)


def _in_context(span: Span, doc: TokenizedText, persons: frozenset[int]) -> bool:
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


def load_context(directory: Path) -> dict[str, Context]:
    """The shared person and sentence words of `_context.yaml`, per language; unknown keys fail loudly."""
    path = directory / "_context.yaml"
    data = _read_yaml(path)
    if set(data) != set(CONTEXT_KEYS):
        raise ConfigError(f"{path.name}: expected exactly the keys {', '.join(CONTEXT_KEYS)}.")
    loaded = {key: _by_language(data[key], f"{path.name}:{key}") for key in CONTEXT_KEYS}
    for key, longest in CONTEXT_KEYS.items():
        if longest and any(len(words(fold_plain(p.rstrip("*")))) > longest or p.startswith("re:")
                           for patterns in loaded[key].values() for p in patterns):
            raise ConfigError(f"{path.name}:{key}: at most {longest} word(s) an entry, no regex.")
    return {
        lang: Context(
            person_words=loaded["person_words"][lang],
            male_partners=loaded["male_partners"][lang],
            female_partners=loaded["female_partners"][lang],
            **{key: WordSet(loaded[key][lang]) for key, longest in CONTEXT_KEYS.items() if longest},
        )
        for lang in LANGUAGES
    }


def load_lexicons(directory: Path) -> list[Lexicon]:
    """Every category lexicon in the folder, in canonical category order."""
    lexicons = [load_lexicon(path) for path in sorted(directory.glob("*.yaml")) if not path.name.startswith("_")]
    order = list(SENSITIVE_CATEGORIES)
    return sorted(lexicons, key=lambda lexicon: order.index(lexicon.category))
