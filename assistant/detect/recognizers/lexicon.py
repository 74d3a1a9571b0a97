"""Sensitive categories from the YAML lexicons, as Presidio recognizers."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from assistant.detect.lexicon import Lexicon, PatternSet, TokenizedText

LEXICON_SCORE = 0.85


class LexiconRecognizer(EntityRecognizer):
    """One category (ORIGIN, HEALTH, INSULT…) for one language, compiled from knowledge/lexicons/.

    GDPR art. 9(1) for the special categories, art. 10 for criminal data, art. 5(1) for insults.
    """

    def __init__(self, lexicon: Lexicon, person_words: PatternSet, supported_language: str) -> None:
        self.lexicon = lexicon
        self.person_words = person_words
        super().__init__(
            supported_entities=[lexicon.category],
            name=f"Lexicon_{lexicon.category}_{supported_language}",
            supported_language=supported_language,
        )

    def load(self) -> None:
        """Nothing to load: the lexicon is compiled when it is read."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        if entities and self.lexicon.category not in entities:
            return []
        doc = TokenizedText(text, self.supported_language, self.person_words)
        return self.analyze_tokens(doc)

    def analyze_tokens(self, doc: TokenizedText) -> list[RecognizerResult]:
        """Matches in an already tokenized comment (the fast path shares one TokenizedText)."""
        results = []
        for span in self.lexicon.find(doc):
            start, end = doc.original_span(span)
            results.append(RecognizerResult(self.lexicon.category, start, end, LEXICON_SCORE))
        return results
