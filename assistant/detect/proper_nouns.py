"""Category words inside proper nouns: the name of a bar, a shop, a street or a person is not about the customer.

A match is inside a proper noun when all its words are written with a capital (not at the start of
a sentence, not in a note written all in capitals) and they belong to a run of capitalised words
(little lower-case words allowed inside: « Café des Immigrés ») that
- follows a name head: a business or place noun, a civility title (« bar Le Gay Luron »,
  « rue de l'Église », « Mme Juif »);
- or opens with a capitalised article or head before the match (« Le Nègre Joyeux »,
  « Boucherie Halal du Marché »);
- or is closed by a name head (« the Jolly Gypsy inn », « Church Lane »).
"""

from __future__ import annotations

from assistant.detect.tokens import Span, TokenizedText, WordSet

NAME_GLUE = WordSet(("de", "des", "du", "la", "le", "les", "l", "d", "of", "the", "and", "et", "en", "sur", "s"))


def in_proper_noun(doc: TokenizedText, span: Span, heads: WordSet, articles: WordSet) -> bool:
    """Whether the match (capitalised words, little words between) sits inside a business, place or person name."""
    capitals = [_capital(doc, index) for index in range(span.first_token, span.last_token)]
    glue = [doc.token_texts[index] in NAME_GLUE for index in range(span.first_token, span.last_token)]
    if not any(capitals) or not all(c or g for c, g in zip(capitals, glue, strict=True)):
        return False
    first, last = span.first_token, span.last_token - 1
    while first > 0 and _joined(doc, first - 1) and (_capital(doc, first - 1) or (
            doc.token_texts[first - 1] in NAME_GLUE and first > 1 and _joined(doc, first - 2)
            and _capital(doc, first - 2))):
        first -= 1
    while last + 1 < len(doc.tokens) and _joined(doc, last) and (_capital(doc, last + 1) or (
            doc.token_texts[last + 1] in NAME_GLUE and last + 2 < len(doc.tokens) and _joined(doc, last + 1)
            and _capital(doc, last + 2))):
        last += 1
    tokens = doc.token_texts
    before = first - 1
    while before > 0 and tokens[before] in NAME_GLUE and first - before <= 2:  # « rue des Juifs », « rue de l'Église »
        before -= 1
    if before >= 0 and tokens[before] in heads:
        return True
    opener = tokens[first] in heads or tokens[first] in articles
    if opener and first < span.first_token:
        return True
    return last + 1 < len(tokens) and tokens[last + 1] in heads


def _joined(doc: TokenizedText, index: int) -> bool:
    """Whether token `index` and the next one belong to one name: nothing but spaces, apostrophes or hyphens
    between them (« Mme Traoré, Malienne » is a name and then a nationality, not one name)."""
    gap = doc.folded.text[doc.tokens[index].end():doc.tokens[index + 1].start()]
    return not gap.strip(" '’-")


def _capital(doc: TokenizedText, index: int) -> bool:
    return index not in doc.sentence_starts and doc.is_capitalised(index)
