"""The detector: Presidio with our recognizers, and a fast path for flagging at scale."""

from __future__ import annotations

from functools import cached_property

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NerModelConfiguration
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from assistant.config import Settings
from assistant.detect.finding import Analysis, DeferredAnalysis, Finding
from assistant.detect.lexicon import load_context, load_lexicons
from assistant.detect.names import plausible_ner
from assistant.detect.nlp import DetectionNlpEngine
from assistant.detect.policy import ENTITY_POLICIES, FLAGGING_PII, reason_for
from assistant.detect.recognizers.lexicon import LAYER_KEY, LexiconRecognizer
from assistant.detect.registry import build_recognizers
from assistant.detect.sentences import SentenceClassifier
from assistant.detect.tokens import TokenizedText
from assistant.errors import ModelError
from assistant.lang import LANGUAGES, detect_language
from assistant.text import check_text

NER_ENTITIES = ("PERSON", "LOCATION")
_NER_LABELS = {"PER": "PERSON", "PERSON": "PERSON", "LOC": "LOCATION", "GPE": "LOCATION"}
# The flagging identifiers all hold at least this many digits: a card 13 (Maestro 12), a NIR 13 (Corsica:
# « 2A »/« 2B »), the shortest IBAN (Dutch) 12. A comment with fewer skips their regexes.
MIN_IDENTIFIER_DIGITS = 12
_NER_IGNORED = ["ORG", "MISC", "NORP", "FAC", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT",
                "QUANTITY", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"]


class Detector:
    """Finds sensitive categories and identifiers in a comment and explains each finding."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        lexicon_dir = settings.knowledge_dir / "lexicons"
        lexicons = load_lexicons(lexicon_dir)
        context = load_context(lexicon_dir)
        classifier = (SentenceClassifier.load(settings.knowledge_dir / "classifier" / "sentences.npz")
                      if settings.sentence_classifier else None)
        self.recognizers: dict[str, list[EntityRecognizer]] = {
            lang: build_recognizers(lang, lexicons, context[lang], classifier) for lang in LANGUAGES
        }

    @cached_property
    def _fast_recognizers(self) -> dict[str, tuple[list[LexiconRecognizer], list[EntityRecognizer]]]:
        """Per language: the lexicon recognizers and the identifier recognizers that can flag."""
        split = {}
        for lang, recognizers in self.recognizers.items():
            lexical = [r for r in recognizers if isinstance(r, LexiconRecognizer)]
            flagging = [
                r for r in recognizers
                if not isinstance(r, LexiconRecognizer) and FLAGGING_PII & set(r.supported_entities)
            ]
            split[lang] = (lexical, flagging)
        return split

    @cached_property
    def analyzer(self) -> AnalyzerEngine:
        """Presidio with spaCy NER and all our recognizers, built on first use."""
        ner_configuration = NerModelConfiguration(
            model_to_presidio_entity_mapping=_NER_LABELS,
            labels_to_ignore=_NER_IGNORED,
            low_score_entity_names=[],
        )
        nlp_engine = DetectionNlpEngine(
            models=[
                {"lang_code": "fr", "model_name": self.settings.spacy_model_fr},
                {"lang_code": "en", "model_name": self.settings.spacy_model_en},
            ],
            ner_model_configuration=ner_configuration,
        )
        try:
            nlp_engine.load()
        except (OSError, ValueError) as error:
            raise ModelError(
                f"The spaCy models {self.settings.spacy_model_fr} / {self.settings.spacy_model_en} "
                "could not be loaded; reinstall the project with `make install`."
            ) from error
        registry = RecognizerRegistry(supported_languages=list(LANGUAGES))
        for lang, recognizers in self.recognizers.items():
            for recognizer in recognizers:
                registry.add_recognizer(recognizer)
            registry.add_recognizer(SpacyRecognizer(supported_language=lang, supported_entities=list(NER_ENTITIES)))
        return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=list(LANGUAGES))

    def analyze(self, text: str, lang: str | None = None, *, deep: bool = True) -> Analysis:
        """Detect everything in one comment.

        deep=True runs Presidio with spaCy NER (names, places) as well; deep=False runs only what
        decides the flag (lexicons and their learned layer, card, IBAN and NIR), without spaCy: it stops
        at the first layer that flags, and works out the findings of a flagged comment only when they are
        read (the same findings; a clean comment has none).
        """
        text = check_text(text, self.settings.max_text_chars)
        if not deep:
            doc = TokenizedText(text, lang)  # detects the language from its words when lang is not fr/en
            return DeferredAnalysis(text, doc.lang, self._flags(doc), lambda: _findings(
                text, doc.lang, self._flagging_results(doc), frozenset()))
        lang = lang if lang in LANGUAGES else detect_language(text)
        artifacts = self.analyzer.nlp_engine.process_text(text, lang)
        results = self.analyzer.analyze(text=text, language=lang, nlp_artifacts=artifacts)
        proper_nouns = frozenset(token.idx for token in artifacts.tokens if token.pos_ == "PROPN")
        return Analysis(text, lang, _findings(text, lang, results, proper_nouns))

    def _flags(self, doc: TokenizedText) -> bool:
        """Whether `_flagging_results(doc)` holds a finding that flags, stopping at the first layer that
        says so: the lexicons, then the identifiers, then (only when nothing else flagged, as it only adds
        findings) the learned layer."""
        lexical, _ = self._fast_recognizers[doc.lang]
        return (any(recognizer.lexicon_flags(doc) for recognizer in lexical)
                or any(_result_flags(result) for result in self._identifier_results(doc.text, doc.lang))
                or any(recognizer.learned_flags(doc) for recognizer in lexical))

    def _flagging_results(self, doc: TokenizedText) -> list[RecognizerResult]:
        lexical, _ = self._fast_recognizers[doc.lang]
        results = [result for recognizer in lexical for result in recognizer.analyze_tokens(doc)]
        return results + self._identifier_results(doc.text, doc.lang)

    def _identifier_results(self, text: str, lang: str) -> list[RecognizerResult]:
        """Payment cards, IBANs and NIRs (a comment with too few digits for any of them skips their regexes)."""
        results: list[RecognizerResult] = []
        if sum(map(str.isdigit, text)) >= MIN_IDENTIFIER_DIGITS:
            for recognizer in self._fast_recognizers[lang][1]:
                results += recognizer.analyze(text, recognizer.supported_entities, None)
        return results


def _result_flags(result: RecognizerResult) -> bool:
    """Whether this result, kept by `_findings`, flags the comment."""
    policy = ENTITY_POLICIES.get(result.entity_type)
    return policy is not None and policy.flags and result.end > result.start


def _from_ner(result: RecognizerResult) -> bool:
    return (result.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY) == "SpacyRecognizer"


def _findings(
    text: str, lang: str, results: list[RecognizerResult], proper_nouns: frozenset[int]
) -> tuple[Finding, ...]:
    """Turn Presidio results into explained findings: known types, no same-type overlap, sane NER guesses.

    spaCy's PERSON/LOCATION guesses are kept only when they hold a proper noun (PROPN), look like a
    name, and do not overlap what a rule already found (a street name is not a person).
    """
    results = [r for r in results if r.entity_type in ENTITY_POLICIES and r.end > r.start]
    anchors = [r for r in results if not _from_ner(r)]
    kept: list[RecognizerResult] = []
    for result in sorted(results, key=lambda r: (-r.score, r.start - r.end)):
        if _from_ner(result) and (
            not plausible_ner(result.entity_type, text[result.start:result.end])
            or not any(result.start <= offset < result.end for offset in proper_nouns)
            or any(_overlaps(result, anchor) for anchor in anchors)
        ):
            continue
        if any(k.entity_type == result.entity_type and _overlaps(k, result) for k in kept):
            continue
        kept.append(result)
    kept.sort(key=lambda r: (r.start, r.end))
    return tuple(
        Finding(r.entity_type, r.start, r.end, text[r.start:r.end], float(r.score), reason_for(r.entity_type, lang),
                _source(r))
        for r in kept
    )


def _source(result: RecognizerResult) -> str:
    if _from_ner(result):
        return "ner"
    return "model" if (result.recognition_metadata or {}).get(LAYER_KEY) == "model" else "rule"


def _overlaps(a: RecognizerResult, b: RecognizerResult) -> bool:
    return a.start < b.end and b.start < a.end

