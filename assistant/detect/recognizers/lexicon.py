"""Sensitive categories from the YAML lexicons, as one Presidio recognizer per language."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from assistant.detect.combine import COMPANION_MIN, COMPANIONS, alone_limits, combine
from assistant.detect.lexicon import LexiconMatcher
from assistant.detect.proper_nouns import in_proper_noun
from assistant.detect.sentences import SentenceClassifier
from assistant.detect.tokens import TokenizedText

LEXICON_SCORE = 0.85
LAYER_KEY = "detection_layer"  # recognition_metadata key: "lexicon" or "model"


class LexiconRecognizer(EntityRecognizer):
    """ORIGIN, POLITICAL, RELIGION, UNION, HEALTH, SEXUAL, CRIMINAL and INSULT, from knowledge/lexicons/,
    joined by the sentence classifier's findings when there is one (detect/combine.py).

    GDPR art. 9(1) for the special categories, art. 10 for criminal data, art. 5(1) for insults.
    Fictitious examples: « cliente de confession juive », « sous chimio », « délégué CGT »,
    « entend des voix la nuit » (learned).
    """

    def __init__(self, matcher: LexiconMatcher, classifier: SentenceClassifier | None = None) -> None:
        self.matcher = matcher
        self.classifier = classifier
        categories = classifier.categories if classifier else ()
        self.learned_thresholds = {category: classifier.threshold(category) for category in categories}
        self.floors = {category: COMPANION_MIN for category in categories
                       if any(category in companions for companions in COMPANIONS.values())}
        self.alone_limits = alone_limits({category: min(threshold, self.floors.get(category, 1.0))
                                          for category, threshold in self.learned_thresholds.items()})
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

    def lexicon_flags(self, doc: TokenizedText) -> bool:
        """Whether the lexicons find something: then `analyze_tokens(doc)` does too (the learned layer only adds)."""
        return self.matcher.flags(doc)

    def learned_flags(self, doc: TokenizedText) -> bool:
        """Whether `analyze_tokens(doc)` finds anything in a comment where the lexicons found nothing.

        There, a learned finding counts only from its `alone_limits`: a comment none of whose statements
        may reach one is settled by the classifier's pre-screen; the others get the whole pass.
        """
        if self.classifier is None or not self.classifier.may_reach(doc, self.alone_limits):
            return False
        return bool(self.analyze_tokens(doc))

    def analyze_tokens(self, doc: TokenizedText) -> list[RecognizerResult]:
        """Matches in an already tokenized comment (the fast path tokenizes once)."""
        matches = self.matcher.find(doc)
        learned = {}
        if self.classifier:
            context = self.matcher.context
            learned = self.classifier.find(doc, matches.bounds, lambda index: in_proper_noun(
                doc, doc.span(index, index + 1), context.name_heads, context.name_articles), self.floors)
        cancelled = dict(matches.cancelled)
        for category, found in learned.items():
            if category not in matches.spans and category not in cancelled:
                cancelled[category] = self.matcher.false_friends(doc, category, [span for span, _ in found])
        results = []
        for evidence in combine(matches.spans, learned, matches.bounds, LEXICON_SCORE, self.learned_thresholds,
                                cancelled):
            start, end = doc.original_span(evidence.span)
            results.append(RecognizerResult(evidence.category, start, end, evidence.score,
                                            recognition_metadata={LAYER_KEY: evidence.source}))
        return results
