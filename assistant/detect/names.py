"""Sanity rules for spaCy's PERSON and LOCATION guesses, which misfire on CRM jargon."""

from __future__ import annotations

import re

from assistant.text import fold_plain

# Words spaCy often takes for names or places in agent notes (compared folded: « réexpédition », « sécu »).
_NOT_NAMES = frozenset(fold_plain(word) for word in
    """client cliente clients monsieur madame mme mr mrs ms m mlle rdv sav tel tél mail email
    merci bonjour cdt cordialement dde demande commande cde contrat ticket facture rib iban cb
    carte visa nir secu sécu livraison colis remboursement résiliation abonnement forfait offre
    appel rappel urgent ok customer caller order refund invoice account ticket delivery
    livreur livreuse voisin voisine locataire proprio propriétaire technicien technicienne conseiller conseillère
    gardien gardienne réexpédition relance daughter son wife husband landlord landlady tenant neighbour neighbor
    courier driver engineer manager""".split()
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


# Civility titles agents write before almost every name (the titled-person recognizer's and the NER gate's).
CIVILITY_TITLE = r"(?:M\.|Mme|Mlle|Mme\.|Monsieur|Madame|Mademoiselle|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Me|Maître)"
# A capitalised word (or a shouted one of 5+ letters: « DURAND », not « SAV ») that does not open the text
# or a sentence, or any capitalised word after a civility title (« M. Benali »).
_CAPITALISED = re.compile(r"\b(?:[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’-]+|[A-ZÀ-ÖØ-Þ]{5,})\b")
_SENTENCE_BREAKS = frozenset(".!?…:;\n•-–—")
_TITLED = re.compile(rf"(?<!\w){CIVILITY_TITLE}\s+[A-ZÀ-ÖØ-Þ]")


def may_hold_names(text: str) -> bool:
    """False when spaCy's NER has nothing to find that `plausible_ner` would keep.

    Such a guess starts with a capital, and spaCy rarely takes a sentence's capitalised first word for a
    name on its own: a comment without any other capitalised word skips the NER (about 60% of the dev
    comments; no gold PERSON or LOCATION of the dev or first blind set was in one).
    """
    if _TITLED.search(text):
        return True
    return any(not _opens_sentence(text, match.start()) for match in _CAPITALISED.finditer(text))


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` opens the text or follows a sentence break (spaces between)."""
    index = start - 1
    while index >= 0 and text[index].isspace() and text[index] != "\n":
        index -= 1
    return index < 0 or text[index] in _SENTENCE_BREAKS
