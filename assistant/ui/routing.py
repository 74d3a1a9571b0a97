"""Is a chat message a CRM comment to check, or a question about the rules? A small, explainable guess."""

from __future__ import annotations

import re
from typing import Literal

from assistant.text import fold_plain

Kind = Literal["comment", "question"]

# Words that open a question (accent-folded, lower case). Hyphenated French inversions count as one token.
_INTERROGATIVES = frozenset(
    "comment pourquoi quand combien qu quel quelle quels quelles qui que quoi ou lequel laquelle lesquels "
    "est-ce est-il est-elle peut-on puis-je dois-je doit-on faut-il a-t-on ai-je avons-nous pouvons-nous "
    "devons-nous sommes-nous suis-je existe-t-il y-a-t-il quelles "
    "what how why when which who whom whose where can could may might must should shall is are am do does did "
    "will would have has".split()
)
# Requests addressed to the assistant rather than notes about a customer.
_REQUESTS = frozenset("explique expliquez explain dis dites tell liste list resume summarize".split())
# Vocabulary of the regulation: a manager asking about the rules uses it; an agent's note rarely does.
_REGULATION = re.compile(
    r"\b(rgpd|gdpr|cnil|dpo|article|art|reglement|regulation|legal|legale|licite|lawful|consentement|consent"
    r"|conserv\w*|retention|retain|duree|droit d'acces|droit a l'oubli|right of access|right to erasure"
    r"|donnees? sensibles?|sensitive data|special categor\w*|categories? particulieres?|sanction\w*|amende|fine"
    r"|base legale|legal basis|interet legitime|legitimate interest|autoris\w*|allowed|permitted|droit de"
    r"|zone (de )?commentaire|champs? libres?|free[- ]text|prospect\w*)\b"
)
# Marks of a CRM note: a customer reported in the third person, follow-up actions, contact details.
_CRM_NOTE = re.compile(
    r"\b(client|cliente|mme|mlle|mr|mrs|ms|monsieur|madame|rappel\w*|rdv|a appele|appele|souhaite|veut"
    r"|demande\w*|commande\w*|livraison|facture\w*|devis|contrat|resili\w*|relance\w*"
    r"|customer|called|wants|ordered|order|asks|asked|delivery|invoice|callback|call back|follow[- ]up|meeting"
    r"|il est|elle est|he is|she is|lundi|mardi|mercredi|jeudi|vendredi|monday|tuesday|wednesday|thursday|friday)\b"
)
_CONTACT_DETAIL = re.compile(r"\d{2}[ .]?\d{2}[ .]?\d{2}[ .]?\d{2}|@\w|\b\d{1,2}[/:h]\d{2}\b")
_CAP = 3


def question_score(text: str) -> int:
    """How much the message reads like a question to the assistant."""
    folded = fold_plain(text).strip()
    tokens = folded.replace("'", " ").split()
    score = 0
    if folded.endswith("?"):
        score += 2
    elif "?" in folded:
        score += 1
    if tokens and (tokens[0] in _INTERROGATIVES or tokens[0].rstrip("?,:") in _REQUESTS):
        score += 2
    score += min(_CAP, len(_REGULATION.findall(folded)))
    return score


def comment_score(text: str) -> int:
    """How much the message reads like a note written about a customer."""
    folded = fold_plain(text)
    score = min(_CAP, len(_CRM_NOTE.findall(folded)))
    if _CONTACT_DETAIL.search(folded):
        score += 1
    return score


def guess_kind(text: str) -> Kind:
    """"question" when the question signals win; a tie goes to "comment", the assistant's main job."""
    return "question" if question_score(text) > comment_score(text) else "comment"
