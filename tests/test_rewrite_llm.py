"""The real default GGUF, offline, on a few comments: whatever the method, the output is compliant and faithful."""

from __future__ import annotations

import pytest

from assistant.detect import detect
from assistant.llm import default_model_path
from assistant.rewrite import rewrite_comment
from assistant.rewrite.facts import extract_facts, has_fact

pytestmark = pytest.mark.llm


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # health reason next to a real need
        ("Merci de prévoir une livraison en rez-de-chaussée car en fauteuil roulant, commande 7741 le 03/06.", "fr"),
        # religion in a short English note
        ("Mr Smith, a devout Muslim, wants a refund for order 5521.", "en"),
        # a social-security number given on the phone
        ("Mme Perrin donne son numéro de sécurité sociale 1 85 05 78 006 084 91 pour le remboursement.", "fr"),
    ],
)
def test_when_real_model_rewrites_then_output_never_flagged_and_facts_kept(settings, text: str, lang: str) -> None:
    assert default_model_path().is_file()
    with_model = settings.model_copy(update={"rewrite_rounds": 1})  # the built-in model is off by default
    analysis = detect(text, lang, settings=settings)
    result = rewrite_comment(text, lang, settings=with_model)
    assert result.method in {"llm", "rules"}
    assert not result.flag_after
    assert not detect(result.text, lang, settings=settings).flag
    for fact in extract_facts(analysis):
        assert has_fact(result.text, fact), fact
