"""Echoes: wording of a sensitive category that a flagged comment uses without it flagging on its own.

A contextual lexicon term only flags next to a person word (« casher », « église », « police »), so in
« Mr porte une kippa, a demandé si le restaurant sert casher » only the kippa flags; yet once the comment
states the category, such a term says the same thing again and belongs to the statement. The same goes for
the partner's gender next to a statement about sexual orientation (« avec son mari »). Echoes are found only
for the categories the comment already flags; they are evidence for the rewrite, never a reason to flag.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from assistant.config import Settings
from assistant.detect.finding import Analysis, Finding
from assistant.detect.lexicon import Lexicon, LexiconMatcher, TokenizedText, load_lexicons
from assistant.lang import LANGUAGES
from assistant.rewrite.vocabulary import PARTNER_WORDS

ECHO_REASON = "echo"
PARTNER_REASON = "partner"  # a partner word: replaced by a neutral one, not removed


@lru_cache(maxsize=2)
def _matchers(lexicon_dir: Path) -> dict[str, LexiconMatcher]:
    """Each category's terms and contextual terms as plain terms (false friends still excluded)."""
    flattened = []
    for lexicon in load_lexicons(lexicon_dir):
        sections = {"terms": _merged(lexicon, ("terms", "contextual"))}
        if "false_friends" in lexicon.sections:
            sections["false_friends"] = lexicon.sections["false_friends"]
        flattened.append(Lexicon(lexicon.category, sections))
    partner = Lexicon("SEXUAL_PARTNER", {"terms": {lang: tuple(PARTNER_WORDS.get(lang, ())) for lang in LANGUAGES}})
    return {lang: LexiconMatcher([*flattened, partner], (), lang) for lang in LANGUAGES}


def _merged(lexicon: Lexicon, names: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    return {
        lang: tuple(pattern for name in names for pattern in lexicon.sections.get(name, {}).get(lang, ()))
        for lang in LANGUAGES
    }


def echoes(analysis: Analysis, settings: Settings) -> list[Finding]:
    """Echoes of the flagged categories that no finding covers yet, as findings of that category."""
    flagged = set(analysis.categories)
    if not flagged or analysis.lang not in LANGUAGES:
        return []
    doc = TokenizedText(analysis.text, analysis.lang)
    taken = [(f.start, f.end) for f in analysis.findings if f.is_sensitive]
    found = []
    for category, spans in _matchers(settings.knowledge_dir / "lexicons")[analysis.lang].find(doc).items():
        reason = PARTNER_REASON if category == "SEXUAL_PARTNER" else ECHO_REASON
        category = "SEXUAL" if category == "SEXUAL_PARTNER" else category
        if category not in flagged:
            continue
        for span in spans:
            start, end = doc.original_span(span)
            if all(end <= low or start >= high for low, high in taken):
                found.append(Finding(category, start, end, analysis.text[start:end], 0.0, reason))
    return found
