"""The learned second layer: the sentence classifier, and the rule that joins it to the lexicon findings."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.config import Settings, get_settings
from assistant.detect import Detector
from assistant.detect.combine import ALONE_MIN, COMPANION_MIN, LEXICON, MODEL, combine
from assistant.detect.evidence import Boundaries
from assistant.detect.lexicon import LexiconMatcher, load_context, load_lexicons
from assistant.detect.sentences import SentenceClassifier
from assistant.detect.tokens import Span, TokenizedText, WordSet
from assistant.errors import ConfigError

LEXICON_SCORE = 0.85
THRESHOLDS = dict.fromkeys(("ORIGIN", "HEALTH", "INSULT", "SEXUAL", "CRIMINAL"), 0.8)


def _bounds(text: str) -> Boundaries:
    """Bounds without stop words: a span grows to its whole chunk."""
    return Boundaries(TokenizedText(text, "fr"), WordSet(()), WordSet(()), frozenset())


def _real_bounds(text: str) -> Boundaries:
    """Bounds with the French stop and function words of knowledge/lexicons/_context.yaml."""
    context = load_context(get_settings().knowledge_dir / "lexicons")["fr"]
    return Boundaries(TokenizedText(text, "fr"), context.span_stops, context.function_words, frozenset())


def _words(bounds: Boundaries, span: Span) -> str:
    return " ".join(bounds.doc.token_texts[span.first_token:span.last_token])


# Tokens of the text below: client(0) asiatique(1) forcement(2) doue(3) en(4) calcul(5) . rappeler(6) lundi(7)
STEREOTYPE = "client asiatique forcément doué en calcul. rappeler lundi"


def test_when_the_classifier_finds_nothing_then_the_lexicon_findings_are_returned_whole() -> None:
    bounds = _bounds(STEREOTYPE)
    lexicon = {"ORIGIN": [bounds.doc.span(1, 2)]}
    combined = combine(lexicon, {}, bounds, LEXICON_SCORE, THRESHOLDS)
    assert [(e.category, _words(bounds, e.span), e.score, e.source) for e in combined] == [
        ("ORIGIN", "asiatique", LEXICON_SCORE, LEXICON)]


def test_when_a_learned_span_touches_a_lexicon_span_of_its_category_then_it_widens_it() -> None:
    bounds = _bounds(STEREOTYPE)
    lexicon = {"ORIGIN": [bounds.doc.span(1, 2)]}
    learned = {"ORIGIN": [(bounds.doc.span(2, 6), 0.85)]}
    [evidence] = combine(lexicon, learned, bounds, LEXICON_SCORE, THRESHOLDS)
    # one finding over both, still the lexicon's (its score, its source)
    assert (_words(bounds, evidence.span), evidence.score, evidence.source) == (
        "asiatique forcement doue en calcul", LEXICON_SCORE, LEXICON)


@pytest.mark.parametrize(
    ("lexicon_category", "learned_category", "probability", "kept"),
    [
        ("ORIGIN", "INSULT", 0.9, True),  # the demeaning generalisation beside an origin word: a stereotype
        ("ORIGIN", "INSULT", COMPANION_MIN, True),  # a companion needs less than its category's threshold
        ("ORIGIN", "INSULT", COMPANION_MIN - 0.01, False),  # ...but not nothing
        ("INSULT", "ORIGIN", 0.9, False),  # an insult is no reason to believe the classifier about an origin
        ("CRIMINAL", "HEALTH", 0.9, False),  # one sensitive topic taken for another (« bracelet électronique »)
    ],
)
def test_when_the_lexicon_found_another_category_in_the_statement_then_only_a_companion_is_added(
    lexicon_category: str, learned_category: str, probability: float, kept: bool
) -> None:
    bounds = _bounds(STEREOTYPE)
    lexicon = {lexicon_category: [bounds.doc.span(1, 2)]}
    learned = {learned_category: [(bounds.doc.span(2, 6), probability)]}
    combined = combine(lexicon, learned, bounds, LEXICON_SCORE, THRESHOLDS)
    assert (learned_category in {e.category for e in combined}) is kept
    assert next(e for e in combined if e.category == lexicon_category).source == LEXICON


@pytest.mark.parametrize(
    ("probability", "kept"),
    [(ALONE_MIN, True), (ALONE_MIN - 0.01, False)],  # alone, the classifier must be surer than its threshold
)
def test_when_the_lexicon_found_nothing_in_the_statement_then_a_confident_learned_finding_counts(
    probability: float, kept: bool
) -> None:
    bounds = _bounds(STEREOTYPE)
    lexicon = {"ORIGIN": [bounds.doc.span(1, 2)]}  # first statement only
    learned = {"HEALTH": [(bounds.doc.span(6, 8), probability)]}  # second statement
    combined = combine(lexicon, learned, bounds, LEXICON_SCORE, THRESHOLDS)
    expected = [("ORIGIN", LEXICON, LEXICON_SCORE)] + [("HEALTH", MODEL, probability)] * kept
    assert [(e.category, e.source, e.score) for e in combined] == expected


def test_when_a_learned_span_under_its_threshold_touches_a_lexicon_span_then_it_does_not_widen_it() -> None:
    bounds = _bounds(STEREOTYPE)
    lexicon = {"ORIGIN": [bounds.doc.span(1, 2)]}
    learned = {"ORIGIN": [(bounds.doc.span(2, 6), THRESHOLDS["ORIGIN"] - 0.01)]}
    assert [_words(bounds, e.span) for e in combine(lexicon, learned, bounds, LEXICON_SCORE, THRESHOLDS)] == [
        "asiatique"]


def test_when_a_learned_span_stands_apart_from_the_lexicon_span_of_its_category_then_it_is_dropped() -> None:
    # client(0) asiatique(1) rappeler(2) lundi(3) pour(4) la(5) facture(6) du(7) forfait(8) mobile(9)
    bounds = _bounds("client asiatique, rappeler lundi pour la facture du forfait mobile")
    lexicon = {"ORIGIN": [bounds.doc.span(1, 2)]}
    learned = {"ORIGIN": [(bounds.doc.span(8, 10), 0.99)]}  # the business part of the same statement
    combined = combine(lexicon, learned, bounds, LEXICON_SCORE, THRESHOLDS)
    assert [_words(bounds, e.span) for e in combined] == ["asiatique"]


def test_no_lexicon_span_is_ever_lost_whatever_the_classifier_says() -> None:
    bounds = _bounds(STEREOTYPE)
    lexicon = {"ORIGIN": [bounds.doc.span(1, 2)], "HEALTH": [bounds.doc.span(7, 8)]}
    learned = {category: [(bounds.doc.span(0, 8), 0.99)] for category in ("ORIGIN", "HEALTH", "INSULT", "SEXUAL")}
    combined = combine(lexicon, learned, bounds, LEXICON_SCORE, THRESHOLDS)
    for category, spans in lexicon.items():
        for span in spans:
            assert any(e.category == category and e.span.start <= span.start and span.end <= e.span.end
                       for e in combined), (category, span)


def _toy_classifier(threshold: float = 0.5) -> SentenceClassifier:
    # HEALTH only: « voix » and « entend » push it, « facture » pulls it down; capitals push INSULT.
    words = ["entend", "voix", "facture", "des"]
    scores = np.array([[2.0, 0.0], [4.0, 0.0], [-3.0, 0.0], [0.1, 0.0]])
    return SentenceClassifier(("HEALTH", "INSULT"), words, scores, np.array([-2.0, -2.0]), np.array([0.0, 8.0]),
                              np.array([threshold, threshold]))


def _found(classifier: SentenceClassifier, text: str, named: frozenset[int] = frozenset()) -> dict[str, list[str]]:
    bounds = _real_bounds(text)
    found = classifier.find(bounds.doc, bounds, lambda index: index in named)
    return {category: [_words(bounds, span) for span, _ in spans] for category, spans in found.items()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("il entend des voix la nuit", {"HEALTH": ["entend des voix la nuit"]}),  # seeds grown to their chunk
        ("il entend des voix. facture payée hier", {"HEALTH": ["entend des voix"]}),  # one statement at a time
        ("facture des voix reçue", {}),  # a word against the category outweighs the rest
        ("entend voix", {}),  # statements under three tokens are left to the lexicons
        ("VRAIMENT TROP LENT, rappeler demain", {"INSULT": ["vraiment trop lent"]}),  # shouting
        ("client CB RIB ok", {}),  # acronyms are not shouting
        # a weaker seed in another chunk is a stray piece: only the span around the strongest word is kept
        ("des voix la nuit, rappeler demain, entend bien", {"HEALTH": ["voix la nuit"]}),
    ],
)
def test_the_classifier_finds_spans_statement_by_statement(text: str, expected: dict[str, list[str]]) -> None:
    assert _found(_toy_classifier(), text) == expected


def test_a_floor_returns_a_category_under_its_threshold_for_the_caller_to_judge() -> None:
    text = "il entend des voix la nuit"
    assert _found(_toy_classifier(threshold=0.99), text) == {}
    bounds = _real_bounds(text)
    found = _toy_classifier(threshold=0.99).find(bounds.doc, bounds, floors={"HEALTH": 0.5})
    assert list(found) == ["HEALTH"] and found["HEALTH"][0][1] < 0.99


def test_when_the_strongest_word_is_in_a_proper_noun_then_the_decision_is_dropped() -> None:
    # « voix » (token 3) inside a name, e.g. a shop called « Les Voix »: nothing about the customer
    assert _found(_toy_classifier(), "il entend des voix la nuit", named=frozenset({3})) == {}


def test_a_saved_classifier_loads_with_the_same_decisions(tmp_path: Path) -> None:
    path = tmp_path / "classifier.npz"
    _toy_classifier(threshold=0.6).save(path)
    loaded = SentenceClassifier.load(path)
    doc = TokenizedText("il entend des voix la nuit", "fr")
    np.testing.assert_allclose([s.probabilities for s in loaded.score(doc)],
                               [s.probabilities for s in _toy_classifier().score(doc)], atol=1e-2)
    assert loaded.thresholds.tolist() == pytest.approx([0.6, 0.6])


def test_when_the_weights_file_is_unreadable_then_the_error_says_how_to_rebuild_or_turn_off(tmp_path: Path) -> None:
    path = tmp_path / "broken.npz"
    path.write_bytes(b"not a numpy archive")
    with pytest.raises(ConfigError, match="ASSISTANT_SENTENCE_CLASSIFIER=false"):
        SentenceClassifier.load(path)


@pytest.fixture(scope="module")
def lexicon_only(settings: Settings) -> Detector:
    return Detector(settings.model_copy(update={"sentence_classifier": False}))


@pytest.mark.parametrize(
    "text",
    [
        # identifiers are not the classifier's business: the same with or without it
        "Mme Roux, IBAN FR76 3000 6000 0112 3456 7890 189, entend des voix selon sa fille",
        # a lexicon finding stays whole
        "Client sous chimio, très fatigué, rappeler en fin de semaine",
    ],
)
def test_the_learned_layer_never_removes_what_the_lexicons_and_patterns_found(
    detector: Detector, lexicon_only: Detector, text: str
) -> None:
    with_layer = detector.analyze(text, deep=False).findings
    without = lexicon_only.analyze(text, deep=False).findings
    for finding in without:
        assert any(f.type == finding.type and f.start <= finding.start and finding.end <= f.end
                   for f in with_layer), finding


def test_when_the_setting_is_off_then_no_finding_comes_from_the_model(lexicon_only: Detector) -> None:
    findings = lexicon_only.analyze("Il entend des voix et voit des choses qui ne sont pas là", deep=False).findings
    assert all(f.source != MODEL for f in findings)


@pytest.mark.parametrize(
    ("cancelled_statement", "kept"),
    [
        (0, False),  # a false friend of HEALTH cancelled a trigger in the learned span's statement: settled
        (1, True),  # one in another statement says nothing about this one
    ],
)
def test_when_a_false_friend_cancelled_the_category_in_the_statement_then_the_learned_finding_is_dropped(
    cancelled_statement: int, kept: bool
) -> None:
    # infirmiere(0) en(1) psychiatrie(2) horaires(3) de(4) nuit(5) . rappeler(6) lundi(7) matin(8)
    bounds = _bounds("infirmière en psychiatrie horaires de nuit. rappeler lundi matin")
    friend = bounds.doc.span(0, 3) if cancelled_statement == 0 else bounds.doc.span(6, 8)
    learned = {"HEALTH": [(bounds.doc.span(0, 3), 0.99)]}
    combined = combine({}, learned, bounds, LEXICON_SCORE, THRESHOLDS, cancelled={"HEALTH": [friend]})
    assert bool(combined) is kept


def test_a_false_friend_never_removes_a_lexicon_finding_of_its_statement() -> None:
    bounds = _bounds(STEREOTYPE)
    lexicon = {"ORIGIN": [bounds.doc.span(1, 2)]}
    cancelled = {"ORIGIN": [bounds.doc.span(3, 5)], "INSULT": [bounds.doc.span(3, 5)]}
    learned = {"INSULT": [(bounds.doc.span(2, 6), 0.99)]}
    combined = combine(lexicon, learned, bounds, LEXICON_SCORE, THRESHOLDS, cancelled)
    assert [(e.category, _words(bounds, e.span), e.source) for e in combined] == [("ORIGIN", "asiatique", LEXICON)]


def test_the_lexicon_reports_which_false_friend_cancelled_a_trigger(settings: Settings) -> None:
    lexicon_dir = settings.knowledge_dir / "lexicons"
    matcher = LexiconMatcher(load_lexicons(lexicon_dir), load_context(lexicon_dir)["fr"], "fr")
    doc = TokenizedText("Client gardien de prison à Fresnes, rappeler le matin.", "fr")
    matches = matcher.find(doc)
    assert "CRIMINAL" not in matches.spans  # the profession cancels « prison »...
    assert [doc.original_span(span) for span in matches.cancelled["CRIMINAL"]]  # ...and says where


@pytest.mark.parametrize(
    ("text", "category", "words"),
    [
        # a symptom, no diagnosis: no lexicon entry carries it
        ("il a perdu la mémoire depuis son accident, c'est sa fille qui appelle désormais", "HEALTH",
         "perdu la mémoire"),
        # a care setting as the place the customer is
        ("Client en psychiatrie depuis janvier, courrier à l'adresse de la clinique.", "HEALTH", "psychiatrie"),
        # nationality as a legal status, no origin noun of the lexicon
        ("Ressortissant tunisien, titre de séjour fourni pour l'ouverture du compte.", "ORIGIN", "Ressortissant"),
        # a stereotype in English: a people and a demeaning generalisation
        ("Typical Eastern European, haggled over every penny of the deposit.", "INSULT", "haggled over every penny"),
    ],
)
def test_the_learned_layer_finds_implicit_mentions_the_lexicons_miss(
    detector: Detector, lexicon_only: Detector, text: str, category: str, words: str
) -> None:
    assert category not in lexicon_only.analyze(text, deep=False).categories
    found = [f for f in detector.analyze(text, deep=False).findings if f.type == category]
    assert found and found[0].source == MODEL and words in found[0].text  # the span covers the words that carry it


@pytest.mark.parametrize(
    "text",
    [
        "Cliente infirmière en psychiatrie, rappeler l'après-midi.",  # a profession, not a patient
        "La fille du client et son gendre passeront signer.",  # relatives named by gender, no orientation
        "Client mécontent, a haussé le ton, menace de résilier.",  # factual behaviour
        "c'est une tuerie cette offre, il signe",  # figurative praise
        "Facture en souffrance depuis juin, relance envoyée.",  # a domain sense
        "Cabinet d'avocats pénalistes, 4 lignes ajoutées au contrat.",  # a business that works with justice
        "Livraison au rez-de-chaussée demandée, pas d'ascenseur.",  # a need without its reason
    ],
)
def test_the_learned_layer_adds_no_category_to_false_friends(detector: Detector, text: str) -> None:
    assert detector.analyze(text, deep=False).categories == []
