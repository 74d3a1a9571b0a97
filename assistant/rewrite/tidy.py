"""Repair of a comment after clauses were cut out: spaces, orphan punctuation, dangling words, capitals."""

from __future__ import annotations

import re

# Connectors a cut can leave dangling; words that may also open a sentence of their own (« Plus de réseau »,
# « Avec son accord », « As agreed ») are deliberately absent.
_CONNECTORS = "et|mais|car|donc|puis|parce que|puisque|vu que|and|but|because|so"
_ARROW = r"(?:->|=>|→)"
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[ \t]{2,}"), " "),
    (re.compile(r"\(\s*[,;:]?\s*\)"), ""),
    (re.compile(r"\[\s*\]"), ""),
    (re.compile(r"\(\s*[,;:]\s*"), "("),
    (re.compile(r"\s*[,;:]\s*\)"), ")"),
    (re.compile(r"[ \t]+([,.)])"), r"\1"),
    (re.compile(r"\(\s+"), "("),
    (re.compile(r"([,;:])(?:\s*[,;:])+"), r"\1"),
    (re.compile(r"[,;:]\s*([.!?])"), r"\1"),
    (re.compile(rf"(?:\s*{_ARROW})+\s*([.!?]|$)"), r"\1"),
    (re.compile(rf"^\s*{_ARROW}\s*"), ""),
    (re.compile(rf"(?<=[,;:.!?])\s*{_ARROW}\s*"), " "),
    (re.compile(r"(?:\s*[—–-]\s*)+([.!?,;]|$)"), r"\1"),
    (re.compile(r"(?:^|(?<=[.!?]))\s*[—–-]\s+"), " "),
    (re.compile(r"\.(?:\s*\.)+"), "."),
    (re.compile(r"(^|[.!?]\s+)[,;:]\s*"), r"\1"),
    (re.compile(r"^\s*[.,;:!?]+\s*"), ""),
    (re.compile(rf"(?i)(^|[.!?;:]\s+)(?:{_CONNECTORS})(?:\s+|(?=[,.;:!?]|$))"), r"\1"),
    (re.compile(rf"(?i)\s+(?:{_CONNECTORS})\s*([,.;:!?)]|$)"), r"\1"),
    (re.compile(r"[ \t]{2,}"), " "),
)
def _balance(text: str) -> str:
    """Drop a bracket whose partner was cut away."""
    unmatched: list[int] = []
    opened: list[int] = []
    for index, char in enumerate(text):
        if char == "(":
            opened.append(index)
        elif char == ")":
            if opened:
                opened.pop()
            else:
                unmatched.append(index)
    drop = set(unmatched + opened)
    return "".join(char for index, char in enumerate(text) if index not in drop) if drop else text


def tidy(text: str) -> str:
    """Clean a text after cuts: one space, no orphan commas or brackets, no dangling connector.

    The comment's own words are never retouched, not even to capitalise a new sentence start,
    so that every kept fact stays verbatim.
    """
    previous = None
    while previous != text:
        previous = text
        for pattern, replacement in _RULES:
            text = pattern.sub(replacement, text)
    text = _balance(text).strip(" \t,;:")
    return re.sub(r"^[—–-]\s*", "", text).strip()
