"""The systems compared on the dev set: ours (full Presidio path) and vanilla Presidio."""

from __future__ import annotations

from assistant.config import Settings
from assistant.detect import get_detector
from assistant.evaluation.baseline import vanilla_analyzer
from assistant.evaluation.detection import Prediction, Predictor
from assistant.lang import detect_language


def ours(settings: Settings) -> Predictor:
    """Our detector as `check` runs it; the language is detected, not taken from the dev set."""
    detector = get_detector(settings)

    def predict(record: dict) -> Prediction:
        analysis = detector.analyze(record["text"])
        return Prediction(tuple((f.type, f.start, f.end) for f in analysis.findings),
                          tuple(f.source for f in analysis.findings))

    return predict


def vanilla(settings: Settings) -> Predictor:
    """Vanilla Presidio, given the gold language (the kindest setting for the baseline)."""
    analyzer = vanilla_analyzer(settings)

    def predict(record: dict) -> Prediction:
        lang = record.get("lang") or detect_language(record["text"])
        results = analyzer.analyze(text=record["text"], language=lang)
        return Prediction(tuple((r.entity_type, r.start, r.end) for r in results))

    return predict
