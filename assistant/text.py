"""Text helpers shared by every stage: input checks, accent folding with offsets, word tokens."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from assistant.errors import InputError

_SPECIAL_FOLDS = {
    "œ": "oe", "æ": "ae", "ß": "ss",
    "’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ",
    "–": "-", "—": "-", "‑": "-",
}


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0]
        if base != char and base.isascii():
            table[code] = base
    for char, folded in _SPECIAL_FOLDS.items():
        table[ord(char)] = folded
    return table


_FOLD_TABLE = _build_fold_table()
_FOLDED_CHAR = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_FOLD_TABLE)) + "]")
_WORD = re.compile(r"\w+")


def _fold_char(match: re.Match[str]) -> str:
    return _FOLD_TABLE[ord(match.group())]


def _fold_lowered(lowered: str) -> str:
    """`lowered.translate(_FOLD_TABLE)`: a regex substitution of the few characters the table folds is a few
    times faster than `str.translate` with a dictionary, which looks every character up."""
    return _FOLDED_CHAR.sub(_fold_char, lowered)


@dataclass(frozen=True, slots=True)
class Folded:
    """Lower-cased, accent-free text and the map from its offsets back to the original."""

    text: str
    _offsets: tuple[int, ...] | None  # None when the folding kept every offset

    @property
    def same_offsets(self) -> bool:
        """Whether folding kept every offset: then the text is `fold_plain` of the original."""
        return self._offsets is None

    def original_offset(self, index: int) -> int:
        if self._offsets is None:
            return index
        return self._offsets[index]


def fold(text: str) -> Folded:
    """Lower-case and strip accents; keeps a map to original offsets when lengths change."""
    lowered = text.lower()
    folded = _fold_lowered(lowered)
    if len(folded) == len(text) and len(lowered) == len(text):
        return Folded(folded, None)
    pieces: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        piece = char.lower().translate(_FOLD_TABLE)
        pieces.append(piece)
        offsets.extend([index] * len(piece))
    offsets.append(len(text))
    return Folded("".join(pieces), tuple(offsets))


def fold_plain(text: str) -> str:
    """Folded text only, for comparisons and look-ups."""
    return _fold_lowered(text.lower())


def words(text: str) -> list[re.Match[str]]:
    """Word tokens (letters and digits) of an already folded text."""
    return list(_WORD.finditer(text))


def word_texts(text: str) -> list[str]:
    """The texts of `words(text)`, when their offsets are not needed."""
    return _WORD.findall(text)


def check_text(text: object, max_chars: int, *, what: str = "comment") -> str:
    """Return the text if it can be processed, else raise InputError with one clear sentence."""
    if isinstance(text, bytes):
        text = decode_bytes(text, what=what)
    if not isinstance(text, str):
        raise InputError(f"The {what} must be text.")
    if not text.strip():
        raise InputError(f"The {what} is empty: paste some text first.")
    if len(text) > max_chars:
        raise InputError(
            f"The {what} is {len(text):,} characters long; the limit is {max_chars:,}. "
            "Split it or raise ASSISTANT_MAX_TEXT_CHARS."
        )
    return text


def decode_bytes(data: bytes, *, what: str = "input") -> str:
    """Decode UTF-8 (with or without BOM), else cp1252; raise InputError when neither fits."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            decoded = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in decoded:
            return decoded
    raise InputError(f"The {what} is not valid UTF-8 or Windows-1252 text; re-save it as UTF-8.")
