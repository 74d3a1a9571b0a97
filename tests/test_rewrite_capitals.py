"""capitalise_openings: a sentence a cut made start mid-sentence takes a capital; the agent's own case stays."""

from __future__ import annotations

import pytest

from assistant.rewrite.capitals import capitalise_openings


@pytest.mark.parametrize(
    ("original", "rewritten", "facts", "expected"),
    [
        # the opening statement went: the need now opens the sentence
        ("Opéré du genou, doit rester assis : remise des clés en agence le 04/07.",
         "remise des clés en agence le 04/07.", (), "Remise des clés en agence le 04/07."),
        # a second sentence that lost its start
        ("Dossier complet. Croyante très pratiquante, envoi du contrat par courrier.",
         "Dossier complet. envoi du contrat par courrier.", (), "Dossier complet. Envoi du contrat par courrier."),
        # the comment itself opened in lower case: the agent's case is kept
        ("cl. rappelle pour sa facture, très agréable.", "cl. rappelle pour sa facture.", (),
         "cl. rappelle pour sa facture."),
        # a fact keeps its case even at an opening (« cde 4410 » stays verbatim)
        ("Boiteux depuis son accident, cde 4410 à livrer au rez-de-chaussée.",
         "cde 4410 à livrer au rez-de-chaussée.", ("cde 4410",), "cde 4410 à livrer au rez-de-chaussée."),
        # not a plain word: an e-mail, a brand in mixed case
        ("Sourd, contact par mail : j.doe@exemple.fr", "j.doe@exemple.fr", (), "j.doe@exemple.fr"),
        ("Gay, iPhone 15 à réparer.", "iPhone 15 à réparer.", (), "iPhone 15 à réparer."),
        ("Pregnant, wants a window seat on flight 7720.", "wants a window seat on flight 7720.", (),
         "Wants a window seat on flight 7720."),
    ],
)
def test_when_cut_leaves_lower_case_opening_then_it_is_capitalised(
    original: str, rewritten: str, facts: tuple[str, ...], expected: str
) -> None:
    assert capitalise_openings(original, rewritten, facts) == expected
