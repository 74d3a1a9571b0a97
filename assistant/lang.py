"""Language of a comment: French or English, from function words and accents. French wins ties."""

from __future__ import annotations

import re

from assistant.text import fold_plain, word_texts

LANGUAGES = ("fr", "en")

_FUNCTION_WORDS = {
    "fr": frozenset(
        "le la les un une des du de d l et est sont etait pas ne n au aux avec pour par sur dans ce cette ces "
        "cet il elle ils elles nous vous je j tu qui que qu quoi son sa ses leur leurs mais ou donc car tres "
        "client cliente demande dde souhaite veut voulait commande cde rappeler rappel appel merci suite lui y "
        "mme monsieur madame deja plus sans chez comme a ete fait faire avoir etre selon apres avant depuis "
        "pendant encore aussi toujours jamais rien tout tous toute bien mal oui non car facture livraison "
        "remboursement contrat compte colis envoye envoyer reçu recu mois jour jours semaine prevu "
        "agence conseiller dossier votre notre nos vos mon ma mes ton ta tes se sera seront peut doit".split()
    ),
    "en": frozenset(
        "the an and is are was were not no to of in for with by at this that these those he she they we you "
        "i who what his her their but or so because very customer customers wants wanted asked order call "
        "called calls back thanks has have had be been will would from it its please needs need only just "
        "said says told about after before again also always never nothing all any some our your my me him "
        "them can could should did does do done got get sent send refund account booking requested request "
        "rang spoke issued confirmed arranged cancelled booked want new up out off via per re approved late "
        "how long can may must should which where when why there here if good best".split()
    ),
}
_FRENCH_LETTERS = re.compile(r"[éèêàùçâîôûëïœ]")


def language_scores(text: str, folded_words: list[str] | None = None) -> dict[str, int]:
    """Evidence per language: function words, plus French accented letters. `folded_words`: the words of
    `fold_plain(text)`, when the caller already has them."""
    tokens = word_texts(fold_plain(text)) if folded_words is None else folded_words
    counts = {lang: sum(map(_FUNCTION_WORDS[lang].__contains__, tokens)) for lang in LANGUAGES}
    counts["fr"] += len(_FRENCH_LETTERS.findall(text.lower()))
    return counts


def detect_language(text: str, folded_words: list[str] | None = None) -> str:
    """Return "fr" or "en" (`folded_words` as in `language_scores`)."""
    counts = language_scores(text, folded_words)
    return "en" if counts["en"] > counts["fr"] else "fr"
