"""A comment folded and split into words once, with the structure every detection layer shares.

Sentences end at . ! ? ; : newlines, brackets and bullets; chunks are finer: a comma or a spaced
dash also ends one. Agents write notes as chunks (« Client sous chimio, rappeler jeudi »), so a
chunk is the natural limit of the words that belong to one finding.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cached_property

from assistant.lang import LANGUAGES, detect_language
from assistant.text import fold, fold_plain, words

# A full stop or colon inside a word run is not a break (« m.blanc@gmail.com », « 12.50 », « réf:118 »).
_SENTENCE_BREAK = re.compile(r"[.!?;:](?!\w)|[\n(\[•*]|(?:^|\s)-\s")
# What ends a statement the classifier reads: not « : », brackets or dashes, which carry its content
# (« Info client : sous chimio », « Client (diabétique) »).
_STATEMENT_BREAK = re.compile(r"[.!?;](?!\w)|[\n•]")
_CHUNK_BREAK = re.compile(r"[.!?;:](?!\w)|[\n()\[\]•*«»\"|,+]|(?:^|\s)[-/]\s")


@dataclass(frozen=True, slots=True)
class Span:
    """A match, in folded-text character offsets and token indices (end exclusive)."""

    start: int
    end: int
    first_token: int
    last_token: int

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


class WordSet:
    """Word patterns (`word`, `prefix*`, or two words), folded, tested against one token and the one before it."""

    def __init__(self, patterns: tuple[str, ...]) -> None:
        folded = [" ".join(m.group() for m in words(fold_plain(pattern).rstrip("*"))) + "*" * pattern.endswith("*")
                  for pattern in patterns]
        self.exact = frozenset(word for word in folded if word and not word.endswith("*"))
        self.prefixes = tuple(word[:-1] for word in folded if word.endswith("*") and len(word) > 1)

    def __contains__(self, token: object) -> bool:
        return isinstance(token, str) and (token in self.exact or token.startswith(self.prefixes))

    def ends_at(self, doc: TokenizedText, index: int) -> bool:
        """Whether a pattern matches the token at `index`, alone or with the token before it (« d'après »)."""
        tokens = doc.token_texts
        return tokens[index] in self or (index > 0 and f"{tokens[index - 1]} {tokens[index]}" in self.exact)


class TokenizedText:
    """A comment folded and split into words once, shared by every lexicon and the sentence classifier."""

    def __init__(self, text: str, lang: str | None = None) -> None:
        """`lang`: "fr" or "en"; otherwise the language is detected, from these words when folding kept
        the offsets (the words `detect_language` would fold and split again)."""
        self.text = text
        self.folded = fold(text)
        self.tokens = words(self.folded.text)
        self.token_texts = [token.group() for token in self.tokens]
        self.lang = lang if lang in LANGUAGES else detect_language(
            text, self.token_texts if self.folded.same_offsets else None)

    def _breaks(self, pattern: re.Pattern[str]) -> list[int]:
        """Indices of the tokens that open the comment or follow a break of this kind."""
        starts = {0}
        for match in pattern.finditer(self.folded.text):
            starts.add(bisect_left(self.token_starts, match.start()))  # breaks never fall inside a word
        starts.discard(len(self.tokens))
        return sorted(starts)

    @cached_property
    def token_starts(self) -> list[int]:
        return [token.start() for token in self.tokens]

    @cached_property
    def sentence_starts(self) -> frozenset[int]:
        """Indices of tokens that open the comment or a sentence."""
        return frozenset(self._breaks(_SENTENCE_BREAK))

    @cached_property
    def sentence_ids(self) -> list[int]:
        """The sentence number of every token."""
        return _numbering(self.sentence_starts, len(self.tokens))

    @cached_property
    def chunk_ids(self) -> list[int]:
        """The chunk number of every token (a chunk never spans two sentences)."""
        return _numbering(frozenset(self._breaks(_CHUNK_BREAK)) | self.sentence_starts, len(self.tokens))

    @cached_property
    def statement_ids(self) -> list[int]:
        """The statement number of every token."""
        return _numbering(frozenset(self._breaks(_STATEMENT_BREAK)), len(self.tokens))

    def statements(self) -> list[tuple[int, int]]:
        """(first token, last token + 1) of every statement (sentences joined across « : » and brackets)."""
        starts = self._breaks(_STATEMENT_BREAK) if self.tokens else []
        return list(zip(starts, [*starts[1:], len(self.tokens)], strict=True))

    def original(self, index: int) -> str:
        """The token as written in the comment (case and accents kept)."""
        token = self.tokens[index]
        return self.text[self.folded.original_offset(token.start()):self.folded.original_offset(token.end())]

    def is_capitalised(self, index: int) -> bool:
        """Written with a capital initial but not all in capitals (« Fresnes », « L », not « DEBILE »)."""
        written = self.original(index)
        return written[:1].isupper() and (len(written) == 1 or not written.isupper())

    def char_after(self, index: int) -> str:
        """The character right after a token in the folded text ("" at the end)."""
        end = self.tokens[index].end()
        return self.folded.text[end:end + 1]

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Token indices covering folded characters [start, end)."""
        inside = [i for i, token in enumerate(self.tokens) if token.end() > start and token.start() < end]
        if not inside:
            return 0, 0
        return inside[0], inside[-1] + 1

    def span(self, first: int, last: int) -> Span:
        """The span of tokens [first, last)."""
        return Span(self.tokens[first].start(), self.tokens[last - 1].end(), first, last)

    def original_span(self, span: Span) -> tuple[int, int]:
        """Original-text offsets of a span."""
        return self.folded.original_offset(span.start), self.folded.original_offset(span.end)


def _numbering(starts: frozenset[int], count: int) -> list[int]:
    numbers, current = [], -1
    for index in range(count):
        current += index in starts
        numbers.append(current)
    return numbers
