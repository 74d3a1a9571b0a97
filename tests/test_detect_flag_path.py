"""The flag path (`analyze(deep=False)`): the flag decided first, at the first layer that flags, and the
findings worked out only when asked, the same as the full flag path's."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from assistant.config import PROJECT_ROOT
from assistant.detect import Detector
from assistant.detect.engine import _findings
from assistant.detect.finding import Analysis, DeferredAnalysis, Finding
from assistant.detect.policy import is_flagged
from assistant.detect.recognizers.lexicon import LexiconRecognizer
from assistant.detect.sentences import SentenceClassifier
from assistant.detect.tokens import TokenizedText
from assistant.evaluation.dataset import load_jsonl
from assistant.lang import detect_language

DEV_SETS = ("comments.jsonl", "comments_implicit.jsonl")
FINDING = Finding("HEALTH", 7, 18, "sous chimio", 0.85, "Donnée de santé — RGPD art. 9(1)")


@pytest.fixture(scope="module")
def dev_texts() -> list[str]:
    texts = [record["text"] for name in DEV_SETS for record in load_jsonl(PROJECT_ROOT / "eval" / "data" / name)]
    # the learned layer alone decides more often once statements are cut or shouted
    return texts + [text.upper() for text in texts[::3]] + [" ".join(text.split()[:6]) for text in texts[1::3]]


def _full_flag_path(detector: Detector, text: str, lang: str) -> tuple[Finding, ...]:
    """Every finding of the flag path, computed whole: what the flag used to be read from."""
    return _findings(text, lang, detector._flagging_results(TokenizedText(text, lang)), frozenset())


def test_the_early_flag_and_the_findings_are_those_of_the_full_flag_path(
    detector: Detector, dev_texts: list[str]
) -> None:
    flagged = 0
    for text in dev_texts:
        analysis = detector.analyze(text, deep=False)
        full = _full_flag_path(detector, text, analysis.lang)
        assert analysis.flag == is_flagged(finding.type for finding in full)
        assert analysis.findings == full
        flagged += analysis.flag
    assert 0 < flagged < len(dev_texts)


def test_the_language_detected_from_the_tokens_is_that_of_detect_language(dev_texts: list[str]) -> None:
    # folding that changes lengths (« œ », « ß », « İ ») makes the tokenizer detect from the text itself
    texts = [*dev_texts, "Sœur du client, elle a le cœur malade", "Straße ist weit, the customer said", "İyi the order"]
    assert [TokenizedText(text).lang for text in texts] == [detect_language(text) for text in texts]
    assert TokenizedText("The customer wants a refund", "fr").lang == "fr"  # a given language is kept


def _recognizer(detector: Detector, lang: str = "fr") -> LexiconRecognizer:
    return next(r for r in detector.recognizers[lang] if isinstance(r, LexiconRecognizer))


def test_the_pre_screen_never_rules_out_a_statement_that_reaches_its_limit(
    detector: Detector, dev_texts: list[str]
) -> None:
    recognizer = _recognizer(detector)
    classifier = recognizer.classifier
    assert classifier is not None
    limits = np.array([recognizer.alone_limits[category] for category in classifier.categories])
    needless = 0
    for text in dev_texts:
        doc = TokenizedText(text, "fr")
        reaches = any((scores.probabilities >= limits).any() for scores in classifier.score(doc))
        screened = classifier.may_reach(doc, recognizer.alone_limits)
        assert screened or not reaches, text
        needless += screened and not reaches
    assert needless < 0.02 * len(dev_texts), needless  # a loose pre-screen would save nothing


def _toy_classifier() -> SentenceClassifier:
    words = ["entend", "voix", "facture", "des"]
    scores = np.array([[2.0, 0.0], [4.0, 0.0], [-3.0, 0.0], [0.1, 0.0]])
    return SentenceClassifier(("HEALTH", "INSULT"), words, scores, np.array([-2.0, -2.0]), np.array([0.0, 8.0]),
                              np.array([0.5, 0.5]))


@pytest.mark.parametrize(
    ("text", "limits", "expected"),
    [
        ("il entend des voix la nuit", {"HEALTH": 0.6}, True),  # logit -2 + 6.1 / √6: p 0.62
        ("il entend des voix la nuit", {"HEALTH": 0.63}, False),
        ("il entend des voix la nuit", {"INSULT": 0.5}, False),  # a category without a limit is never reached
        ("facture des voix reçue", {"HEALTH": 0.5}, False),  # a word against the category counts too
        ("entend voix", {"HEALTH": 0.5}, False),  # too short to be judged
        ("VRAIMENT TROP LENT, rappeler demain", {"INSULT": 0.9}, True),  # shouting
        ("vraiment trop lent, rappeler demain", {"INSULT": 0.9}, False),
    ],
)
def test_the_pre_screen_on_a_toy_classifier(text: str, limits: dict[str, float], expected: bool) -> None:
    classifier = _toy_classifier()
    doc = TokenizedText(text, "fr")
    assert classifier.may_reach(doc, limits) is expected
    exact = any(scores.probabilities[classifier.categories.index(category)] >= limit
                for scores in classifier.score(doc) for category, limit in limits.items())
    assert exact is expected


def test_a_clean_comment_never_works_out_its_findings() -> None:
    def work() -> tuple[Finding, ...]:
        raise AssertionError("no findings to work out")

    analysis = DeferredAnalysis("RAS", "fr", False, work)
    assert (analysis.flag, analysis.findings, analysis.categories) == (False, (), [])


def test_a_flagged_comment_works_out_its_findings_once_and_reads_as_an_analysis() -> None:
    calls = []

    def work() -> tuple[Finding, ...]:
        calls.append(1)
        return (FINDING,)

    analysis = DeferredAnalysis("Client sous chimio", "fr", True, work)
    eager = Analysis("Client sous chimio", "fr", (FINDING,))
    assert analysis.flag and not calls
    assert analysis.as_dict() == eager.as_dict() and analysis.findings == (FINDING,)
    assert (analysis == eager, eager == analysis, hash(analysis) == hash(eager)) == (True, True, True)
    assert pickle.loads(pickle.dumps(analysis)) == eager
    assert calls == [1]
