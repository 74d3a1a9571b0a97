"""The lexicon compiler: pattern syntax, context rules, false friends, and loud failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT, Settings
from assistant.detect.lexicon import LexiconMatcher, _matches_at, load_context, load_lexicon, load_lexicons
from assistant.detect.tokens import TokenizedText
from assistant.errors import ConfigError
from assistant.evaluation.dataset import load_jsonl

HEALTH = """
category: HEALTH
terms:
  fr: ["sous chimio", "diabét*", "d'origine médicale", "re:\\\\bhopital psy\\\\w*"]
  en: ["on chemo"]
  any: ["VIH"]
contextual:
  fr: ["malade"]
false_friends:
  fr: ["malade de ce retard", "assurance maladie"]
"""
CONTEXT = """
person_words:
  fr: [client, cliente, il, elle, ce monsieur, soeur]
  en: [customer, he, she]
span_stops: {fr: [demande*, rdv, d'après], en: [wants]}
function_words: {fr: [de, la, le, et, depuis], en: [the, and]}
male_words: {fr: [m, monsieur, il, client], en: [he, his, mr]}
female_words: {fr: [mme, madame, elle, cliente], en: [she, her, mrs]}
male_partners: {fr: [son mari], en: [husband]}
female_partners: {fr: [sa femme], en: [wife]}
name_heads: {fr: [bar, rue], en: [street]}
name_articles: {fr: [le, la], en: [the]}
"""


@pytest.fixture()
def lexicon_dir(tmp_path: Path) -> Path:
    (tmp_path / "health.yaml").write_text(HEALTH, encoding="utf-8")
    (tmp_path / "_context.yaml").write_text(CONTEXT, encoding="utf-8")
    return tmp_path


def _matches(lexicon_dir: Path, text: str, lang: str = "fr") -> list[str]:
    matcher = LexiconMatcher([load_lexicon(lexicon_dir / "health.yaml")], load_context(lexicon_dir)[lang], lang)
    doc = TokenizedText(text, lang)
    return [text[slice(*doc.original_span(span))] for span in matcher.find(doc).spans.get("HEALTH", [])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cliente SOUS CHIMIO, rappeler en mars", ["SOUS CHIMIO"]),  # case-insensitive multi-word
        ("client diabétique, cde 12", ["diabétique"]),  # prefix with accents
        ("client diabetiques", ["diabetiques"]),  # accent-insensitive, plural
        ("raison d’origine médicale", ["raison d’origine médicale"]),  # typographic apostrophe
        ("sort de l'hôpital psychiatrique", ["sort de l'hôpital psychiatrique"]),  # raw regex entry
        ("dépistage VIH", ["dépistage VIH"]),  # language-independent entry
        ("elle est malade", ["est malade"]),  # contextual term near a person word
        ("ce monsieur est vraiment malade", ["est vraiment malade"]),  # multi-word person word within the window
        ("cde 12 : malade", ["malade"]),  # contextual term opening a sentence describes the customer
        ("le colis malade", []),  # contextual term with no person word nearby does not count
        ("il est malade de ce retard", []),  # false friend wins over the contextual match
        ("dossier assurance maladie à jour", []),  # no term inside an organisation name
        ("le diabolo menthe", []),  # a prefix must match the start of a word, not any word
        ("soeur sous chimiothérapie", []),  # whole words only: chimio does not match chimiothérapie
        ("sœur sous chimio", ["sous chimio"]),  # ligatures fold without breaking offsets; a person word is not evidence
    ],
)
def test_french_patterns(lexicon_dir: Path, text: str, expected: list[str]) -> None:
    assert _matches(lexicon_dir, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Cliente SOUS CHIMIO, rappeler en mars",  # a term
        "elle est malade",  # a contextual term in context
        "le colis malade",  # a contextual term out of context
        "il est malade de ce retard",  # a false friend cancels the only trigger
        "client diabétique mais il est malade de ce retard",  # one trigger cancelled, the other kept
        "dossier assurance maladie à jour",
        "RAS, colis livré",  # nothing at all
    ],
)
def test_flags_says_whether_find_keeps_a_span_without_growing_any(lexicon_dir: Path, text: str) -> None:
    matcher = LexiconMatcher([load_lexicon(lexicon_dir / "health.yaml")], load_context(lexicon_dir)["fr"], "fr")
    doc = TokenizedText(text, "fr")
    assert matcher.flags(doc) == bool(matcher.find(doc).spans)


def test_when_english_comment_then_english_terms_apply(lexicon_dir: Path) -> None:
    assert _matches(lexicon_dir, "The customer is on chemo", "en") == ["is on chemo"]
    assert _matches(lexicon_dir, "client sous chimio", "en") == []  # French terms stay French


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("category: HEALTH\nterms: {fr: [x]}\nsynonyms: {fr: [y]}\n", "unknown keys"),  # typo in a key
        ("category: ORIGIN\nterms: {fr: [x]}\n", "category must be"),  # file name and category disagree
        ("category: HEALTH\nterms: {de: [x]}\n", "expected keys"),  # unsupported language
        ("category: HEALTH\nterms: {fr: [x*y]}\n", "only at the end"),  # wildcard inside a word
        ("category: HEALTH\nterms: {fr: ['re:(']}\n", "invalid regex"),  # broken regex
        ("category: HEALTH\nterms: {fr: 'chimio'}\n", "list of strings"),  # a string instead of a list
    ],
)
def test_when_lexicon_is_invalid_then_loading_fails_loudly(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "health.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_lexicon(path)


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        ("name_articles:", "articles:", "expected exactly the keys"),  # a renamed key
        ("function_words: {fr: [de,", "function_words: {fr: [de la,", "at most 1 word"),  # a word set takes words
        ("span_stops: {fr: [demande*,", "span_stops: {fr: [il y a trois,", "at most 2 word"),  # two words at most
    ],
)
def test_when_context_is_invalid_then_loading_fails_loudly(
    lexicon_dir: Path, replace: str, by: str, message: str
) -> None:
    path = lexicon_dir / "_context.yaml"
    path.write_text(CONTEXT.replace(replace, by), encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_context(lexicon_dir)


def test_gated_regexes_find_what_a_scan_of_the_whole_comment_finds(settings: Settings) -> None:
    # a gated regex is only tried at the tokens its word starts allow: the same matches as finditer
    lexicon_dir = settings.knowledge_dir / "lexicons"
    lexicons, context = load_lexicons(lexicon_dir), load_context(lexicon_dir)
    texts = [record["text"] for name in ("comments.jsonl", "comments_implicit.jsonl")
             for record in load_jsonl(PROJECT_ROOT / "eval" / "data" / name)]
    tried = 0
    for lang in ("fr", "en"):
        index = LexiconMatcher(lexicons, context[lang], lang)._index
        gated = [regex_id for regex_id in range(len(index.regexes)) if regex_id not in index.ungated_regexes]
        for text in texts:
            doc = TokenizedText(text, lang)
            for regex_id in gated:
                regex = index.regexes[regex_id][0]
                starts = [token.start() for token, word in zip(doc.tokens, doc.token_texts, strict=True)
                          if regex_id in index.candidates(word).regex_ids]
                low, high = 0, len(doc.folded.text)
                expected = [match.span() for match in regex.finditer(doc.folded.text, low, high)]
                assert [match.span() for match in _matches_at(regex, doc.folded.text, starts, low, high)] == expected
                tried += bool(expected)
    assert tried > 50
