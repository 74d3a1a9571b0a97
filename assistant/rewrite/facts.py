"""The facts a rewrite must keep verbatim, extracted deterministically from a comment.

Facts are order, ticket and contract numbers, dates, times, amounts, e-mails, phones, URLs,
product codes and the names the detector found, taken outside the sensitive spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.detect.finding import Analysis, Finding
from assistant.detect.policy import FLAGGING_PII

_MONTHS = (
    "janv(?:ier|\\.)?|f[ée]vr(?:ier|\\.)?|mars|avr(?:il|\\.)?|mai|juin|juil(?:let|\\.)?|ao[uû]t|"
    "sept(?:embre|\\.)?|oct(?:obre|\\.)?|nov(?:embre|\\.)?|d[ée]c(?:embre|\\.)?|"
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec"
)
_FACT_PATTERNS = (
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    re.compile(r"(?:https?://|www\.)[^\s,;]+[^\s,;.)]"),
    re.compile(r"(?<![\w+])(?:(?:\+|00)33[\s.\-]?(?:\(0\)[\s.\-]?)?|0)[1-9](?:[\s.\-]?\d{2}){4}(?!\d)"),
    re.compile(r"(?<![\w+])\+\d{1,3}(?:[\s.\-]?\(?\d{1,5}\)?){2,5}(?!\d)"),
    re.compile(r"(?<!\w)(?:\(\d{3}\)\s?|\d{3}[\s.\-])\d{3}[\s.\-]\d{4}(?!\d)"),
    re.compile(rf"(?i)(?<!\w)\d{{1,2}}(?:er|st|nd|rd|th)?\s+(?:{_MONTHS})(?:\s+\d{{4}})?(?!\w)"),
    re.compile(rf"(?i)(?<!\w)(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?(?!\w)"),
    re.compile(r"(?i)(?<!\w)[€$£]\s?\d[\d\s]*(?:[.,]\d+)?(?:\s?k)?(?!\w)"),
    re.compile(r"(?i)(?<!\w)\d[\d\s]*(?:[.,]\d+)?\s?(?:€|k€|euros?|eur|\$|£|usd|gbp)(?!\w)"),
    re.compile(r"(?i)(?<!\w)\d{1,2}\s?h\s?\d{2}(?!\w)|(?<!\w)\d{1,2}:\d{2}(?:\s?[ap]m)?(?!\w)"),
    # codes and numbers: letters with digits (CMD-4471, AF7710), three digits or more, or grouped (12/03, 8-12);
    # a bare one- or two-digit number (« 3 fois », « 2 mois ») is wording, not a fact to pin
    re.compile(r"(?<![\w/.\-])(?:[A-Za-z]+[-_/]?\d|\d{3}|\d{1,2}[-/.,:]\d|\d{1,2}[A-Za-z])[\w\-/.,:]*"),
)
_TRAILING = ".,:;/-_"
_DIGITS = re.compile(r"\d+")
_NAME_TYPES = ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "IP_ADDRESS")


# Card data that travels with the number: expiry date and security code.
_CARD_TAIL = re.compile(
    r"(?i)^[\s,;]*(?:(?:exp(?:iry|iration|ire|\.)?|expire\w*|val(?:idit[ée]|\.)?|date|fin)\s*[:.]?\s*"
    r"\d{1,2}\s*/\s*\d{2,4}|(?:cvv|cvc|cvv2|crypto\w*|code(?: de sécurité)?)\s*[:.]?\s*\d{3,4})"
)


def identifier_end(text: str, finding: Finding) -> int:
    """Where a flagging identifier really ends: a card number takes its expiry date and code along."""
    end = finding.end
    if finding.type != "CREDIT_CARD":
        return end
    tail = _CARD_TAIL.match(text[end:])
    while tail is not None and tail.end() > 0:
        end += tail.end()
        tail = _CARD_TAIL.match(text[end:])
    return end


def sensitive_spans(analysis: Analysis) -> list[tuple[int, int]]:
    """Character spans that decide the flag: sensitive categories and card/IBAN/NIR numbers (with card data)."""
    text = analysis.text
    return [(f.start, identifier_end(text, f)) for f in analysis.findings if f.is_sensitive or f.type in FLAGGING_PII]


def _outside(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return all(end <= low or start >= high for low, high in spans)


def extract_facts(analysis: Analysis) -> list[str]:
    """Facts outside the sensitive spans, in order of appearance, without duplicates."""
    text = analysis.text
    blocked = sensitive_spans(analysis)
    claimed: list[tuple[int, int]] = []
    found: list[tuple[int, str]] = []
    for pattern in _FACT_PATTERNS:
        for match in pattern.finditer(text):
            value = match.group().rstrip(_TRAILING + " ")
            start, end = match.start(), match.start() + len(value)
            if value and _outside(start, end, blocked) and _outside(start, end, claimed):
                claimed.append((start, end))
                found.append((start, value))
    found += [(f.start, f.text) for f in _names(analysis.findings) if _outside(f.start, f.end, blocked + claimed)]
    seen: set[str] = set()
    facts = []
    for _, value in sorted(found):
        if value not in seen:
            seen.add(value)
            facts.append(value)
    return facts


def _names(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.type in _NAME_TYPES]


def has_fact(text: str, fact: str) -> bool:
    """True when `fact` appears verbatim in `text` as a whole token (spaces normalised)."""
    return re.search(rf"(?<!\w){re.escape(_spaces(fact))}(?!\w)", _spaces(text)) is not None


def _spaces(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def numbers(text: str) -> set[str]:
    """Digit runs of a text."""
    return set(_DIGITS.findall(text))
