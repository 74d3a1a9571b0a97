"""form_problems: the product's own check that a rewrite reads as sentences (apart from the eval judge)."""

from __future__ import annotations

import pytest

from assistant.rewrite.wellformed import form_problems


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Le client souhaite un RDV le 12/03.", "fr", []),  # a plain sentence
        ("« Rappeler demain », dit la cliente.", "fr", []),  # a quotation may open a sentence
        ("Cl. a un prêt au Crédit Agricole.", "fr", []),  # « a » is a verb in French, « Cl. » no sentence end
        ("Dossier de M. et Mme Carré : apport 35 000 €.", "fr", []),  # « M. et » does not open a sentence
        ("Mail envoyé à a.vasseur@exemple.fr.", "fr", []),  # an e-mail address is no orphan article
        ("   ", "fr", ["empty"]),
        ("(en cure de désintox), demande un report", "fr", ["punctuation"]),  # the pattern
        (", demande un report", "fr", ["punctuation"]),
        ("and can't take calls, e-mail only", "en", ["connector"]),  # the pattern
        ("Appel reçu. Donc rappeler demain.", "fr", ["connector"]),  # any sentence, not only the first
        ("Client en attente (demande un report", "fr", ["brackets"]),
        ("Le client a commandé le. Livraison demain.", "fr", ["determiner"]),  # an article before a full stop
        ("Customer wants the, order 5521.", "en", ["determiner"]),
        ("Customer wants a the refund.", "en", ["determiner"]),  # two determiners in a row
    ],
)
def test_when_text_checked_then_each_form_problem_is_named(text: str, lang: str, expected: list[str]) -> None:
    assert form_problems(text, lang) == expected
