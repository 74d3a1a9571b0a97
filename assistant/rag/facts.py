"""What a question asks for, and which sentences state it.

Managers ask for facts: "combien de temps", "dans quel délai", "how long" want a duration; "quelle amende",
"que risque-t-on" a penalty; "quel article", "which law" a legal reference; "quelle base légale" the name of a
legal basis; "que faire si", "what must we do" the steps to take; "peut-on", "may we" a verdict (allowed,
forbidden, required); "dans quels cas", "under what conditions" the conditions or exceptions; "que doit
contenir", "what information" a list; "combien", "quel montant", "how many" a figure. A composed answer must
carry the fact asked for: the kinds a question asks for are read from its wording, and each card sentence is
tagged with the kinds of fact it states. Both sides are matched on folded text (lower case, no accents), in
French and English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.text import fold_plain

DURATION = "duration"
PENALTY = "penalty"
REFERENCE = "reference"
LEGAL_BASIS = "legal basis"
STEPS = "steps"
VERDICT = "verdict"
CONDITION = "condition"
LIST = "list"
FIGURE = "figure"
DEADLINE = "deadline"  # a duration to act within: answer a request, notify a breach
RETENTION = "retention"  # a duration to keep data for

_NUMBER_WORDS = (
    r"\d+(?:[.,]\d+)?|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|treize|quinze|vingt|trente|"
    r"soixante|cent|one|two|three|four|five|six|seven|eight|nine|ten|twelve|thirteen|fifteen|twenty|thirty|sixty"
)
_TIME_UNITS = r"jours?|mois|ans|annees?|heures?|semaines?|h|days?|months?|years?|hours?|weeks?"
# A prison term is a penalty, not a delay: "5 ans d'emprisonnement", "5 years' imprisonment".
_NOT_PRISON = r"(?!\s*(?:d'emprisonnement|de prison|'?\s*imprisonment|in prison))"


@dataclass(frozen=True, slots=True)
class FactKind:
    """A kind of fact: the question wordings that ask for it and the sentence wordings that state it."""

    name: str
    asked: re.Pattern[str]
    stated: re.Pattern[str]


def _words(pattern: str) -> re.Pattern[str]:
    """A pattern matched on whole words of folded text."""
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])")


KINDS: tuple[FactKind, ...] = (
    FactKind(
        DURATION,
        asked=_words(
            r"combien de temps|en combien de temps|pendant combien|jusqu'a quand|a partir de quand|"
            r"(?:quel|quels|quelle|quelles|dans quel|sous quel|sous quels|dans quels) (?:delai|delais|duree|durees)|"
            r"delai|delais|duree de conservation|combien de (?:jours|mois|ans|annees|heures|semaines)|"
            r"(?:a partir de )?quel age|age minimum|"
            r"how long|how soon|how quickly|by when|until when|deadline|time limit|retention period|"
            r"within (?:what|which|how)|how many (?:days|months|years|hours|weeks)|what age|how old|minimum age"
        ),
        stated=re.compile(
            rf"(?<![\w-])(?:{_NUMBER_WORDS})(?:\s+\w+)?\s+(?:{_TIME_UNITS})(?![\w-]){_NOT_PRISON}|"
            r"sans delai|meilleurs delais|sans tarder|immediatement|dans le mois|au plus tard|"
            r"without undue delay|immediately|at the latest|promptly"
        ),
    ),
    FactKind(
        PENALTY,
        asked=_words(
            r"sanctions?|sanctionne\w*|amendes?|(?:que|quels?|quelles?|on|nous|l'entreprise|je|ils) risqu\w*|"
            r"risque-t-on|risques? (?:encourus?|juridiques?|penale?s?)|encour\w*|penale?s?|penalement|"
            r"peines?|puni\w*|poursuites?|(?:c'est|est-ce|est-il|est-elle) grave|"
            r"fines?|fined|penalt\w*|sanction\w*|what (?:are|is) the risks?|risk(?:s|ing)? (?:a|an|for)|"
            r"what do we risk|punish\w*|jail|criminal|liable|liability"
        ),
        stated=re.compile(
            r"€|\beuros?\b|\bamendes?\b|emprisonnement|\bprison\b|\bsanction|astreinte|\bpuni|\bdelit|contravention|"
            r"\bplafond|\bfines?\b|\bfined\b|imprisonment|penalt|punishable|criminal offence|\boffence"
        ),
    ),
    FactKind(
        REFERENCE,
        asked=_words(
            r"quel(?:le)?s? (?:\w+ )?articles?|quel texte|quels textes|quelle loi|quelles? dispositions?|"
            r"quel reglement|"
            r"quel fondement|fondement juridique|que dit (?:la loi|le rgpd|le texte)|selon quel\w*|"
            r"(?:which|what) (?:\w+ )?articles?|which law|what law|which provisions?|which rule|"
            r"what does the (?:gdpr|law) say|under which"
        ),
        stated=re.compile(
            r"\b(?:art\.|arts?\b|articles?)\s*(?:l\.?\s*|r\.?\s*)?\d|\bl\.?\s?\d{2,4}-\d|considerant|\brecital|"
            r"\bdecret\b|\bdecree\b|deliberation"
        ),
    ),
    FactKind(
        LEGAL_BASIS,
        asked=_words(r"bases? legales?|bases? juridiques?|legal bas[ie]s|lawful basis|on what basis|sur quelle base"),
        stated=re.compile(
            r"\bconsentement|interet legitime|\bcontrat\b|obligation legale|\bconsent\b|legitimate interest|"
            r"\bcontract\b|legal obligation"
        ),
    ),
    FactKind(
        STEPS,
        asked=_words(
            r"que faire|que doit-on faire|que dois-je faire|que devons-nous faire|qu'est-ce qu'on (?:fait|doit faire)|"
            r"qu'est-ce que (?:je|l'on|nous) (?:fais|doit|dois|devons)|on fait quoi|je fais quoi|on fait comment|"
            r"comment (?:\w+ )?\w+(?:er|ir|re)|comment s'y prendre|que (?:doit|doivent) faire|qui doit|"
            r"je (?:mets|note|ecris) quoi|par quoi (?:je |on )?(?:le |la )?rempla\w*|"
            r"quelles? (?:etapes|mesures|demarches|procedures?|actions|precautions)|quelle conduite|"
            r"what (?:must|should|do|can) (?:we|i) (?:do|check|verify)|what should (?:an?|the) \w+ do|"
            r"who (?:must|should|has to)|what to do|what now|what next|now what|what steps|which steps|what measures|"
            r"how (?:do|should|can|must) (?:we|i) (?:handle|deal|respond|proceed|react|reply|answer|clean)|"
            r"how to (?:handle|deal|respond|proceed)"
        ),
        stated=re.compile(
            r"\b(?:doit|doivent|faut|il convient|obligatoire|est tenue?s?|sont tenue?s?|notifie|previen\w*|signale\w*|"
            r"transmet\w*|etape)\b|"
            r"^(?:ne pas |n'|ne jamais )?(?:tenir|garder|conserver|noter|supprimer|verifier|informer|prevenir|"
            r"documenter|preparer|consigner|saisir|traiter|faire|prevoir|utiliser|limiter|eviter|transmettre|"
            r"former|desactiver|demander|reformuler|dater|signaler|purger|decrire|rapporter|preciser|"
            r"extraire|classer|corriger|effacer|proposer|repondre|couper|designer|faire signer)\b|"
            r"\b(?:must|should|shall|has to|have to|is required|are required|needs? to)\b|"
            r"^(?:do not |don't |never )?(?:keep|record|delete|check|inform|tell|notify|document|prepare|use|limit|"
            r"avoid|forward|train|ask|log|write|note|describe|report|purge|correct|erase|offer|answer|suspend|"
            r"appoint|extract|classify|sort|review)\b"
        ),
    ),
    FactKind(
        VERDICT,
        asked=re.compile(
            r"^(?:est-ce qu'on|est-ce que|peut-on|puis-je|pouvons-nous|peut-il|peut-elle|a-t-on|avons-nous|ai-je|"
            r"faut-il|doit-on|dois-je|devons-nous|est-on|sommes-nous|est-il|est-elle|on peut|on a le droit|on doit|"
            r"il faut|je peux|j'ai le droit|can|may|could|must|should|do|does|is|are|shall|will|have|has|need|am)\b|"
            r"\b(?:peut-on|puis-je|pouvons-nous|doit-on|dois-je|devons-nous|faut-il|a-t-on|est-ce qu'on|est-ce que|"
            r"(?:on|je) (?:peut|peux|doit|dois|a le droit|ai le droit)|on est|est-on|sommes-nous|faut il|"
            r"\w+-(?:t-)?(?:il|elle|ils|elles|on)|"
            r"est-il|est-elle|sont-ils|sont-elles|a-t-il|a-t-elle|faut-il)\b|"
            r"(?:c'est|est-ce) (?:possible|legal|autorise|permis|interdit|grave|obligatoire|ok|valable)|"
            r"\b(?:is (?:it|that|this) (?:ok|okay|legal|allowed|a problem))|"
            r", (?:can|may|could|must|should|do|does|is|are) (?:we|i|it|they|you|he|she)\b"
        ),
        stated=re.compile(
            r"\b(?:oui|non|interdite?s?|autorisee?s?|permise?s?|possible|impossible|obligatoire|n'est pas|"
            r"ne (?:peut|peuvent|doit|doivent|sont|est)|jamais|aucune?|exige|suffit|licite|illicite|"
            r"yes|no|prohibited|forbidden|allowed|permitted|not allowed|may not|cannot|must not|never|required|"
            r"mandatory|lawful|unlawful|need not|does not have to)\b"
        ),
    ),
    FactKind(
        CONDITION,
        asked=_words(
            r"dans quels cas|dans quel cas|en quels cas|quand est-ce qu|quand peut-on|quand faut-il|quand doit-on|"
            r"a quelles? conditions?|quelles? conditions?|quelles sont les conditions|conditions? (?:pour|de|d')|"
            r"sous quelles? conditions?|sous reserve|exceptions?|sauf si|"
            r"in which cases|in what cases|when (?:can|may|must|should|do|does) (?:we|a|an|the|i)|"
            r"under what conditions|what are the conditions|conditions for|what conditions|which conditions|"
            r"exceptions?|unless"
        ),
        stated=re.compile(
            r"\b(?:sauf|a condition|uniquement si|seulement si|exceptions?|dans les cas|lorsque|notamment si|"
            r"si (?:la|le|les|l'|elle|il|un|une|des)|unless|provided|only if|only when|except|exceptions?|where the)\b"
        ),
    ),
    FactKind(
        LIST,
        asked=_words(
            r"que doit contenir|que doivent contenir|que contient|contenu|quelles? (?:informations|mentions|clauses|"
            r"elements|criteres|donnees|pieces|categories)|que (?:doit|faut-il|doit-on) (?:dire|indiquer|mentionner|"
            r"preciser|inclure)|qu'est-ce qu'on doit dire|que dire|"
            r"what (?:must|should|does|do) [\w' ]{0,40}(?:include|contain|say|tell)|what (?:information|data|clauses)|"
            r"which (?:information|clauses|data|criteria|categories)"
        ),
        stated=re.compile(r"(?:[^,;:]*[,;:]){3}"),  # an enumeration: three separators or more
    ),
    FactKind(
        FIGURE,
        asked=_words(
            # "combien de temps" asks for a duration, not a figure: another card's "3 ans" is no answer to it
            r"combien(?! de (?:temps|jours|mois|ans|annees|heures|semaines))|"
            r"quel(?:le)?s? (?:montant|nombre|pourcentage|longueur|taille|seuil|plafond|maximum|minimum|"
            r"chiffre|somme)|maximale?s?|minimale?s?|"
            r"how (?:many|much)|what (?:\w+ )?(?:amount|number|percentage|length|threshold|size|figure)|maximum|minimum"
        ),
        # A figure, not the number of an article or a reference ("art. 83(4)", "L34-5", "n° 2019-341").
        stated=re.compile(r"(?<![\w.(/-])(?<!art\. )(?<!arts )(?<!article )(?<!articles )(?<!n° )\d+(?![\w)/-])"),
    ),
)


# "Combien de temps" asks for a deadline when the question is about doing something (answer, notify, erase) and
# for a retention period when it is about keeping: both are durations, and a card on objections that states "3 ans"
# (the suppression list) and "un mois" (the answer) answers "how long to reply to an objection" with the second.
_DURATION_ASK = (
    r"combien de temps|en combien de temps|(?:quel|quels|dans quel|sous quel) delais?|how long|how soon|how quickly|"
    r"by when|within (?:what|which|how)|deadline|time limit"
)
_ACTS = (
    r"repond\w*|reponse|trait\w*|notifi\w*|signal\w*|previen\w*|prevenir|inform\w*|corrig\w*|rectifi\w*|"
    r"effac\w*|supprim\w*|arret\w*|envoy\w*|communiqu\w*|"
    r"repl\w*|answer\w*|respond\w*|handl\w*|notif\w*|report\w*|tell|correct\w*|eras\w*|delet\w*|stop\w*|"
    r"send\w*|act\b"
)
_KEEPS = r"gard\w*|conserv\w*|stock\w*|archiv\w*|keep\w*|kept|stor\w*|retain\w*|retention"
SUB_DURATIONS: tuple[FactKind, ...] = (
    FactKind(
        DEADLINE,
        asked=re.compile(rf"(?:{_DURATION_ASK})\b.*\b(?:{_ACTS})|\b(?:{_ACTS})\b.*(?:{_DURATION_ASK})"),
        stated=re.compile(
            r"\bdelai|\bdans (?:un|le) mois|\bsous \d+|au plus tard|sans tarder|immediatement|\bwithin\b|"
            r"at the latest|without undue delay|immediately|promptly|\bdeadline"
        ),
    ),
    FactKind(
        RETENTION,
        asked=re.compile(rf"(?:{_DURATION_ASK})\b.*\b(?:{_KEEPS})|\b(?:{_KEEPS})\b.*(?:{_DURATION_ASK})"),
        stated=re.compile(rf"\b(?:{_KEEPS})"),
    ),
)


# A question that opens with an interrogative word asks for more than a yes or a no, whatever verb follows:
# "Que risque-t-on ?", "Comment un client peut-il… ?", "What must the contract include?".
_OPEN_QUESTION = re.compile(
    r"^(?:que|qu'|quel|quels|quelle|quelles|comment|combien|quand|ou|pourquoi|qui|a quel|dans quel|sur quel|"
    r"what|which|how|when|where|why|who)\b"
)


# "Quel article du RGPD prévoit le droit d'opposition ?" asks for a reference about the right to object: the
# frame ("quel article du RGPD prévoit") is the same for every topic, and retrieved with it the question went to
# whichever card cites articles the most (art. 9). Retrieval sees the topic; composition still sees the frame.
_VERBS_FR = (
    r"prevoi\w*|defini\w*|encadr\w*|parl\w*|concern\w*|trait\w*|port\w*|regi\w*|fix\w*|impos\w*|couvr\w*|"
    r"donn\w*|interdi\w*|proteg\w*|s'appliqu\w*|instaur\w*|consacr\w*|pos\w*|oblig\w*|sanctionn\w*|vis\w*|"
    r"dit|disent|reconnai\w*|regl\w*|organis\w*"
)
_VERBS_EN = (
    r"covers?|defines?|sets? out|deals? with|governs?|provides? for|gives?|is about|are about|applies to|apply to|"
    r"protects?|regulates?|requires?|says?|grants?|establish(?:es)?|lays? down|creates?|talks? about|is on"
)
_REFERENCE_FRAME = re.compile(
    r"^(?:(?:dans|selon|sous|d'apres|a) )?(?:quel|quels|quelle|quelles) (?:est l'|sont les |est le |est la )?"
    r"(?:articles?|textes?|dispositions?|lois?|regles?|reglements?|fondements? juridiques?|bases? juridiques?)"
    r"(?: du rgpd| de la loi(?: informatique et libertes)?| du code [\w-]+(?: [\w-]+)?| du reglement| europeen)?"
    rf"\s*(?:(?:qui |que |d'ou )?(?:{_VERBS_FR})(?:(?: des| du| de| aux| au| a| sur| que)\b| d'| qu')?\s*"
    r"|(?:pour|sur|des|du|de|aux|au|a)\b\s*)?"
    r"|^(?:which|what|under which|under what) (?:gdpr |law |legal |eu )?"
    r"(?:articles?|provisions?|laws?|rules?|sections?|texts?|legal basis)(?: of the gdpr| in the gdpr| of the law)?"
    rf"\s*(?:(?:that )?(?:{_VERBS_EN})\s*|on |for |about )?"
)


def topic(question: str) -> str:
    """The question without a leading "which article…" frame, for retrieval: what it is about. A frame with
    nothing after it ("Quelle loi ?") leaves the question whole."""
    stripped = question.strip()
    folded = fold_plain(stripped)
    frame = _REFERENCE_FRAME.match(folded)
    if frame is None:
        return question
    rest = stripped[frame.end():] if len(folded) == len(stripped) else folded[frame.end():]
    return rest if re.search(r"\w{3,}", rest) else question


@lru_cache(maxsize=1024)
def asked(question: str) -> frozenset[str]:
    """The kinds of fact a question asks for (possibly none: "tell me about…")."""
    folded = " ".join(fold_plain(question).split())
    kinds = {kind.name for kind in KINDS if kind.asked.search(folded)}
    if _OPEN_QUESTION.match(folded):
        kinds.discard(VERDICT)
    if DURATION in kinds:
        kinds |= {kind.name for kind in SUB_DURATIONS if kind.asked.search(folded)}
    return frozenset(kinds)


@lru_cache(maxsize=8192)
def stated(sentence: str) -> frozenset[str]:
    """The kinds of fact a sentence states; computed once per card sentence."""
    folded = " ".join(fold_plain(sentence).split())
    kinds = {kind.name for kind in KINDS if kind.stated.search(folded)}
    if DURATION in kinds:
        kinds |= {kind.name for kind in SUB_DURATIONS if kind.stated.search(folded)}
        if DEADLINE not in kinds:  # "Factures : 10 ans" — a duration that is no deadline is how long data lives
            kinds.add(RETENTION)
    return frozenset(kinds)
