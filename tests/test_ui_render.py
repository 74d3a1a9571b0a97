"""What the components show: spans that rebuild the comment, diffs that rebuild both texts, safe Markdown."""

from __future__ import annotations

import pytest
from ui_fakes import FakeAnswer, FakeRewrite, FakeSource

from assistant.detect.finding import Analysis, Finding
from assistant.detect.policy import ENTITY_POLICIES
from assistant.display import CATEGORY_STYLES
from assistant.ui import render
from assistant.ui.i18n import EXAMPLE_COMMENTS, EXAMPLE_QUESTIONS, STRINGS, t


def finding(kind: str, text: str, whole: str, score: float = 0.9) -> Finding:
    start = whole.index(text)
    return Finding(kind, start, start + len(text), text, score, f"{kind} reason")


COMMENT = "Mme Durand, diabétique, rappeler au 06 12 34 56 78."
HIGHLIGHT_CASES = [
    # (findings, expected labelled pieces, why)
    ((), [], "a clean comment has no labelled piece"),
    ((finding("HEALTH", "diabétique", COMMENT),), [("diabétique", "HEALTH")], "one category"),
    ((finding("PHONE_NUMBER", "06 12 34 56 78", COMMENT), finding("HEALTH", "diabétique", COMMENT)),
     [("diabétique", "HEALTH"), ("06 12 34 56 78", "PHONE_NUMBER")], "findings come back in text order"),
    ((finding("PERSON", "Mme Durand", COMMENT), finding("PERSON", "Durand", COMMENT)),
     [("Mme Durand", "PERSON")], "an overlapping, shorter span is dropped, not drawn twice"),
]


@pytest.mark.parametrize(("findings", "labelled", "why"), HIGHLIGHT_CASES, ids=[c[2] for c in HIGHLIGHT_CASES])
def test_when_findings_are_highlighted_then_the_pieces_rebuild_the_comment(findings, labelled, why) -> None:
    spans = render.highlight(Analysis(COMMENT, "fr", findings))
    assert "".join(text for text, _ in spans) == COMMENT, why
    assert [(text, label) for text, label in spans if label] == labelled, why


DIFF_CASES = [
    ("Client diabétique, rappeler lundi.", "Client, rappeler lundi.", "a word removed"),
    ("Client très agressif.", "Client mécontent.", "a word replaced"),
    ("Rien à signaler.", "Rien à signaler.", "unchanged text"),
    ("", "Texte ajouté.", "everything added"),
]


@pytest.mark.parametrize(("before", "after", "why"), DIFF_CASES, ids=[c[2] for c in DIFF_CASES])
def test_when_a_rewrite_is_diffed_then_each_side_can_be_rebuilt(before: str, after: str, why: str) -> None:
    spans = render.diff(before, after)
    assert "".join(text for text, label in spans if label != render.ADDED) == before, why
    assert "".join(text for text, label in spans if label != render.REMOVED) == after, why
    assert (before == after) == all(label is None for _, label in spans), why


def test_when_a_word_is_replaced_then_the_diff_labels_only_that_word() -> None:
    spans = render.diff("Client très agressif.", "Client mécontent.")
    assert [(text, label) for text, label in spans if label] == [("très agressif", "−"), ("mécontent", "+")]


ESCAPE_CASES = [
    ("[clic](http://exemple.test)", "a link in a comment must not become a link"),
    ("**gras** et _italique_", "emphasis markers stay literal"),
    ("<img src=x onerror=alert(1)>", "HTML stays text"),
    ("# titre", "a heading marker stays literal"),
]


@pytest.mark.parametrize(("text", "why"), ESCAPE_CASES, ids=[c[1] for c in ESCAPE_CASES])
def test_when_comment_text_goes_into_markdown_then_its_markup_is_escaped(text: str, why: str) -> None:
    escaped = render.escape(text)
    for special in "[]*_<>#":
        assert escaped.count(special) == escaped.count("\\" + special), why


def test_when_every_entity_type_is_drawn_then_it_has_a_colour() -> None:
    colours = render.colour_map()
    assert set(colours) == set(ENTITY_POLICIES)
    # The sensitive categories keep distinct colours, as in the terminal output.
    assert len({colours[name] for name in CATEGORY_STYLES}) == len(CATEGORY_STYLES)


VERDICT_CASES = [
    ((), "fr", "Rien de sensible", "clean"),
    ((finding("HEALTH", "diabétique", COMMENT),), "fr", "HEALTH", "a category is named"),
    ((finding("PERSON", "Mme Durand", COMMENT),), "en", "Person", "names alone are noted, not flagged"),
    ((finding("PHONE_NUMBER", "06 12 34 56 78", COMMENT),), "en", "PHONE_NUMBER", "a phone is noted"),
]


@pytest.mark.parametrize(("findings", "lang", "expected", "why"), VERDICT_CASES, ids=[c[3] for c in VERDICT_CASES])
def test_when_a_verdict_is_written_then_it_names_what_was_found(findings, lang, expected, why) -> None:
    analysis = Analysis(COMMENT, "fr", findings)
    line = render.verdict(analysis, lang)
    assert (expected in line) or (expected in line.replace("PERSON", "Person")), why
    assert ("⚠" in line) == analysis.flag, why


def test_when_findings_are_tabulated_then_reasons_follow_the_interface_language() -> None:
    analysis = Analysis(COMMENT, "fr", (finding("HEALTH", "diabétique", COMMENT),))
    assert render.findings_rows(analysis, "en") == [["diabétique", "HEALTH", "Health data — GDPR art. 9(1)", 0.9]]
    assert render.findings_rows(analysis, "fr")[0][2] == "Donnée de santé — RGPD art. 9(1)"


def test_when_a_comment_is_answered_in_chat_then_findings_reasons_and_rewrite_are_shown() -> None:
    analysis = Analysis(COMMENT, "fr", (finding("HEALTH", "diabétique", COMMENT),))
    reply = render.comment_reply(analysis, FakeRewrite("Mme Durand, rappeler.", "llm", False), "fr")
    assert "diabétique" in reply and "RGPD art. 9(1)" in reply
    assert "Reformulation vérifiée" in reply and "modèle local" in reply and "> Mme Durand, rappeler." in reply
    assert t("rewrite_still_flagged", "fr") not in reply


def test_when_the_rewrite_still_flags_then_the_chat_says_so() -> None:
    analysis = Analysis(COMMENT, "fr", (finding("HEALTH", "diabétique", COMMENT),))
    reply = render.comment_reply(analysis, FakeRewrite("Mme Durand, diabétique.", "rules", True), "en")
    assert t("rewrite_still_flagged", "en") in reply and "rules" in reply


def test_when_the_model_failed_then_the_chat_and_the_status_say_the_rules_answered() -> None:
    analysis = Analysis(COMMENT, "fr", (finding("HEALTH", "diabétique", COMMENT),))
    result = FakeRewrite("Mme Durand, rappeler.", "rules", False, warning="The built-in model process was killed.")
    for shown in (render.comment_reply(analysis, result, "fr"), render.rewrite_status(result, "fr")):
        assert "Le modèle de langue n'a pas répondu" in shown and "was killed" in shown


SOURCE_CASES = [
    (FakeSource("c1", "Durée de conservation", "https://www.cnil.fr/fr/durees-de-conservation"),
     "- \\[1\\] [Durée de conservation](https://www.cnil.fr/fr/durees-de-conservation)", "a web source becomes a link"),
    (FakeSource("d1", "Charte interne", "docs/charte_crm.pdf"), "- \\[1\\] Charte interne — docs/charte\\_crm.pdf",
     "a company document is named, its path shown literally"),
    (FakeSource("c2", "Droit d'accès", "https://www.cnil.fr/acces", ("GDPR Art. 15",)),
     "- \\[1\\] [Droit d'accès](https://www.cnil.fr/acces) (RGPD art. 15)",
     "a card's articles follow its title, in the reader's language"),
]


@pytest.mark.parametrize(("source", "line", "why"), SOURCE_CASES, ids=[c[2] for c in SOURCE_CASES])
def test_when_an_answer_has_sources_then_they_are_listed_under_it(source, line: str, why: str) -> None:
    reply = render.answer_reply("Trois ans.", FakeAnswer("Trois ans.", False, (source,)), "fr")
    body, sources = reply.split("\n\n", 1)
    assert body == "Trois ans.", why
    assert sources.splitlines() == ["**Sources :**", line], why


def test_when_an_answer_is_final_then_its_sources_are_listed_once_under_the_closest_question() -> None:
    source = FakeSource("c1", "Durée de conservation", "https://www.cnil.fr/d", ("RGPD art. 5(1)(e)",))
    answer = FakeAnswer("Trois ans. [1]\n\nSource : [1] Durée de conservation (RGPD art. 5(1)(e)).", False,
                        (source,), "Combien de temps garder un prospect ?")
    reply = render.answer_reply("Trois ans. [1]", answer, "fr")  # the UI streams the body, not the full text
    assert reply.startswith("_Question la plus proche : Combien de temps garder un prospect ?_\n\nTrois ans. [1]")
    assert reply.count("Durée de conservation") == 1 and "Source :" not in reply


def test_when_an_answer_is_still_streaming_then_no_sources_are_shown_yet() -> None:
    assert render.answer_reply("Trois", None, "fr") == "Trois"


def test_when_the_interface_text_is_looked_up_then_both_languages_exist_with_the_same_placeholders() -> None:
    import string

    for key, texts in STRINGS.items():
        assert set(texts) == {"fr", "en"}, key
        fields = [{name for _, name, _, _ in string.Formatter().parse(texts[lang]) if name} for lang in ("fr", "en")]
        assert fields[0] == fields[1], key
        assert all(texts[lang].strip() for lang in ("fr", "en")), key
    assert len(EXAMPLE_COMMENTS["fr"]) == len(EXAMPLE_COMMENTS["en"])
    assert len(EXAMPLE_QUESTIONS["fr"]) == len(EXAMPLE_QUESTIONS["en"])


def test_when_an_unknown_language_is_asked_then_french_is_used() -> None:
    assert t("send", "de") == t("send", "fr") == "Envoyer"
