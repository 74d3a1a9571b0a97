"""Sensitive categories from the YAML lexicons, as one Presidio recognizer per language."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from assistant.detect.lexicon import LexiconMatcher
from assistant.detect.tokens import TokenizedText

LEXICON_SCORE = 0.85


class LexiconRecognizer(EntityRecognizer):
    """ORIGIN, POLITICAL, RELIGION, UNION, HEALTH, SEXUAL, CRIMINAL and INSULT, from knowledge/lexicons/.

    GDPR art. 9(1) for the special categories, art. 10 for criminal data, art. 5(1) for insults.
    Fictitious examples: « cliente de confession juive », « sous chimio », « délégué CGT ».
    """

    def __init__(self, matcher: LexiconMatcher) -> None:
        self.matcher = matcher
        super().__init__(
            supported_entities=list(matcher.categories),
            name=f"LexiconRecognizer_{matcher.lang}",
            supported_language=matcher.lang,
        )

    def load(self) -> None:
        """Nothing to load: the lexicons are compiled when they are read."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = self.analyze_tokens(TokenizedText(text, self.supported_language))
        return [result for result in results if not entities or result.entity_type in entities]

    def analyze_tokens(self, doc: TokenizedText) -> list[RecognizerResult]:
        """Matches in an already tokenized comment (the fast path tokenizes once)."""
        results = []
        for category, spans in self.matcher.find(doc).spans.items():
            for span in spans:
                start, end = doc.original_span(span)
                results.append(RecognizerResult(category, start, end, LEXICON_SCORE))
        return results
