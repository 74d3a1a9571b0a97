"""Deterministic detection: `detect(text) -> Analysis` with findings, flag and categories."""

from __future__ import annotations

from functools import lru_cache

from assistant.config import Settings, get_settings
from assistant.detect.engine import Detector
from assistant.detect.finding import Analysis, Finding


@lru_cache(maxsize=4)
def get_detector(settings: Settings | None = None) -> Detector:
    """The detector for these settings, built once per process."""
    return Detector(settings or get_settings())


def detect(text: str, lang: str | None = None, *, deep: bool = True, settings: Settings | None = None) -> Analysis:
    """Detect sensitive content and identifiers in one comment."""
    return get_detector(settings).analyze(text, lang, deep=deep)


__all__ = ["Analysis", "Detector", "Finding", "detect", "get_detector"]
