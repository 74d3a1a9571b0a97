"""The business facts a model candidate must keep: at least every one the rules rewrite keeps.

The rules rewrite is the fallback, so a candidate is only worth taking when it keeps what the rules keep.
Its facts are read on the rules output, worded as the comment has them (they are the comment's own
words, outside the sensitive statements):

- every number (« 3 impayés », « 2 000 € », « niveau 2 »): its digits must all still be there, and digit
  groups written apart stay together (« 07700 900417 »);
- every fact token (extract_facts: ids, codes, dates, amounts, phones, e-mails, names) with the noun that
  labels it when one stands right before it (« ligne T2 », « contrat AUTO-44120 », « Retrait 2 000 € »);
- every capitalised word inside a sentence: a product, a place or a person (« Fibre », « Leeds », « Julie »).

A candidate may move these around and reword the rest; it may not drop one.
"""

from __future__ import annotations

import re

from assistant.detect.finding import Analysis
from assistant.rewrite.facts import extract_facts, has_fact, numbers

# A label is a word of this many letters or more right before a fact; shorter ones are function words
# (« le 05/03 », « du 02 », « au 30/04 », « ch. 412 ») that a rewrite may change. Of the dev keep phrases that
# hold a fact and a word before it, the label has 5 letters or more in all but abbreviations.
LABEL_LETTERS = 5
_LABELLED = re.compile(r"([A-Za-zÀ-ÖØ-öø-ÿ]+) $")
# A word in title case inside a sentence (not words in capitals: « ATTENTION CLIENT », « DO NOT » shout).
_CAPITALISED_INSIDE = re.compile(r"(?<=[\w,;)'’] )[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ][\w’'-]*(?![\w-])")
# Digit groups written apart are one number (« 2 000 », « 07700 900417 »): a candidate keeps them together.
_GROUPED_NUMBER = re.compile(r"(?<![\w,.])\d+(?: \d+)+(?![\w,.]\d)")
# Words no candidate needs to keep in capitals: the neutral subjects the rules add.
_NEUTRAL = frozenset({"Client", "Cliente", "Customer", "The", "Le", "La"})
# Words of five letters or more before a fact that are no label: prepositions and adverbs (« comme 2e »).
_NOT_LABELS = frozenset(
    "comme depuis avant après apres entre pendant jusqu environ moins selon about above after among "
    "around before below between during since under until within".split()
)


def kept_facts(original: Analysis, rules_text: str) -> list[str]:
    """The facts (verbatim strings) of the rules rewrite that any accepted candidate must contain too."""
    facts = [fact for fact in extract_facts(original) if has_fact(rules_text, fact)]
    required: list[str] = []
    for fact in facts:
        position = rules_text.find(fact)
        label = _LABELLED.search(rules_text[:position]) if position > 0 else None
        labelled = label and len(label.group(1)) >= LABEL_LETTERS and label.group(1).lower() not in _NOT_LABELS
        phrase = f"{label.group(1)} {fact}" if labelled else fact
        required.append(phrase if has_fact(original.text, phrase) else fact)
    required += [
        number for number in _GROUPED_NUMBER.findall(rules_text)
        if has_fact(original.text, number) and not any(has_fact(f, number) for f in required)
    ]
    required += [
        word for word in _CAPITALISED_INSIDE.findall(rules_text)
        if word not in _NEUTRAL and has_fact(original.text, word) and not any(has_fact(f, word) for f in required)
    ]
    return list(dict.fromkeys(required))


def missing_facts(original: Analysis, rules_text: str, candidate: str) -> list[str]:
    """What the candidate drops of the rules rewrite's facts: fact phrases, then bare numbers."""
    missing = [fact for fact in kept_facts(original, rules_text) if not _has(candidate, fact)]
    counted = numbers(rules_text) & numbers(original.text)
    lost = sorted(counted - numbers(candidate), key=lambda n: (len(n), n))
    return missing + [number for number in lost if not any(number in numbers(fact) for fact in missing)]


def _has(text: str, fact: str) -> bool:
    """The fact verbatim, its first letter in either case (a label may open or leave a sentence)."""
    return has_fact(text, fact) or has_fact(text, fact[:1].swapcase() + fact[1:])
