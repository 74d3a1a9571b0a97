"""Sexual orientation revealed by a partner's gender (GDPR art. 9(1)), a frame no single word carries.

« M. Garnier a ajouté son mari comme co-titulaire », « Mme Leroy et sa femme », « she lives with
her girlfriend »: a partner phrase counts when the nearest word before it that names a person has
the same gender. « Mme Dupont et son mari », « he called for his wife », « la fille du client et son
mari » do not count: a person named after « de » is a complement, the nearest person is the noun
before it. The words themselves are data, in knowledge/lexicons/_context.yaml.
"""

from __future__ import annotations

from assistant.detect.tokens import Span, TokenizedText, WordSet

CATEGORY = "SEXUAL"
MALE, FEMALE = "male", "female"
_GENITIVE = frozenset({"de", "du", "des", "d", "of"})


def gender_at(doc: TokenizedText, index: int, male: WordSet, female: WordSet) -> str | None:
    """The gender a token gives the person it names, if any (« m » only as the title « M. »)."""
    tokens = doc.token_texts
    token = tokens[index]
    if token == "m" and doc.char_after(index) != ".":
        return None
    if index > 0 and (tokens[index - 1] in _GENITIVE or (
            index > 1 and tokens[index - 1] == "la" and tokens[index - 2] == "de")):
        return None  # « la fille du client », « le fils de la cliente »: the person is the first noun
    if token in male:
        return MALE
    return FEMALE if token in female else None


def same_gender_partners(
    doc: TokenizedText, partners: list[tuple[str, Span]], male: WordSet, female: WordSet
) -> list[Span]:
    """The partner phrases whose gender is that of the person named just before them."""
    found = []
    for gender, span in partners:
        for index in range(span.first_token - 1, -1, -1):
            named = gender_at(doc, index, male, female)
            if named is not None:
                if named == gender:
                    found.append(span)
                break
    return found
