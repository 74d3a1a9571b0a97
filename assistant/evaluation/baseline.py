"""Vanilla Presidio: spaCy models and Presidio's default recognizers, nothing of ours."""

from __future__ import annotations

from functools import lru_cache

from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NlpEngineProvider

from assistant.config import Settings


@lru_cache(maxsize=2)
def vanilla_analyzer(settings: Settings) -> AnalyzerEngine:
    """Presidio as it comes: the same spaCy models as ours, only the predefined recognizers."""
    configuration = {
        "nlp_engine_name": "spacy",
        "models": [
            {"lang_code": "fr", "model_name": settings.spacy_model_fr},
            {"lang_code": "en", "model_name": settings.spacy_model_en},
        ],
    }
    nlp_engine = NlpEngineProvider(nlp_configuration=configuration).create_engine()
    registry = RecognizerRegistry(supported_languages=["fr", "en"])
    registry.load_predefined_recognizers(languages=["fr", "en"], nlp_engine=nlp_engine)
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["fr", "en"])


def vanilla_batch(settings: Settings) -> BatchAnalyzerEngine:
    """Presidio's own batch API over the vanilla analyzer (the throughput baseline)."""
    return BatchAnalyzerEngine(analyzer_engine=vanilla_analyzer(settings))
