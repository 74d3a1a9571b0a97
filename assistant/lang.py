"""Language of a comment: French or English, from function words. French wins ties (French first)."""

from __future__ import annotations

from assistant.text import fold_plain, words

LANGUAGES = ("fr", "en")

_FUNCTION_WORDS = {
    "fr": frozenset(
        "le la les un une des du de et est sont pas ne a au aux avec pour par sur dans ce cette ces "
        "il elle ils elles nous vous je tu qui que quoi son sa ses leur mais ou donc car tres "
        "client cliente demande souhaite veut commande rappeler appel merci suite lui y en "
        "mme monsieur madame deja plus sans chez comme".split()
    ),
    "en": frozenset(
        "the a an and is are was were not no to of in on for with by at this that these those "
        "he she they we you i who what his her their but or so because very customer wants "
        "asked order call called back thanks has have had be been will would from it its".split()
    ),
}


def detect_language(text: str) -> str:
    """Return "fr" or "en"."""
    counts = dict.fromkeys(LANGUAGES, 0)
    for match in words(fold_plain(text)):
        token = match.group()
        for lang in LANGUAGES:
            if token in _FUNCTION_WORDS[lang]:
                counts[lang] += 1
    return "en" if counts["en"] > counts["fr"] else "fr"
