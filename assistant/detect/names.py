"""Sanity rules for spaCy's PERSON and LOCATION guesses, which misfire on CRM jargon."""

from __future__ import annotations

import re

from assistant.text import fold_plain

# Words spaCy often takes for names or places in agent notes.
_NOT_NAMES = frozenset(
    """client cliente clients monsieur madame mme mr mrs ms m mlle rdv sav tel tél mail email
    merci bonjour cdt cordialement dde demande commande cde contrat ticket facture rib iban cb
    carte visa nir secu sécu livraison colis remboursement résiliation abonnement forfait offre
    appel rappel urgent ok customer caller order refund invoice account ticket delivery""".split()
)
_HAS_DIGIT = re.compile(r"\d")


def plausible_ner(entity_type: str, text: str) -> bool:
    """True when an NER span looks like a real name or place rather than jargon."""
    stripped = text.strip(" .,;:-'’\"()")
    if len(stripped) < 2 or _HAS_DIGIT.search(stripped) or not stripped[0].isupper():
        return False
    tokens = fold_plain(stripped).split()
    if all(token.strip(".") in _NOT_NAMES for token in tokens):
        return False
    return not (entity_type == "PERSON" and stripped.isupper() and len(stripped) <= 5)
