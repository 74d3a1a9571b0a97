"""Composed answers: the sentences of the retrieved passages that address the question, verbatim, never a model's.

Every sentence of the retrieved cards is scored against the question:

    relevance = cosine(sentence, question) + LEXICAL_WEIGHT × weighted share of the question's words it contains
                + SUMMARY_BONUS for the card's summary sentences + FACT_BONUS when it states a fact of a kind
                the question asks for (a duration, a penalty, an article…) − RANK_STEP × the rank of its card

A question word counts by how rare it is among the candidate sentences: "factures" in "combien de temps garder
les factures ?" singles out one sentence of the retention card, "temps" and "garder" do not.

The best sentence of the best card opens the answer. A question that asks for a fact (facts.py) gets one: when
no chosen sentence states a fact of an asked kind, the best card's best sentence stating one joins, or, if the best
card has none, another card's. The other sentences that score nearly as well follow, from the same card or, when
the question spans topics, from the next ones whose own words (title, keywords, questions) hold enough of the
question's key words, up to MAX_SENTENCES, each cited to its card. The best card always says at least
MIN_BEST_CARD things (its next best units, unless they are unrelated): its opening sentence alone rarely holds the
fact asked — the age in France after the GDPR's default, the B2B rule after the B2C one. A question of several
parts ("Faut-il former les agents et comment ?") gets one more sentence, from the best card, per further part.
A summary sentence that
leans on the one before ("C'est…", "Ce droit…", "It…") is taken with it. A card's "Oui :" / "Non :" lead is kept
only when the card's own question is the one asked.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.rag import facts
from assistant.rag.draft import Draft, Statement
from assistant.rag.lexical import terms
from assistant.rag.passage import Passage

# Chosen on the dev questions (grid over these five, must-mention rate against mean answer length): five
# sentences gained 1.3 points of must-mention for 6 % more text; narrower windows lost facts the question asked.
# With MIN_BEST_CARD, five sentences: must-mention 0.965 → 0.974 on the 225 dev questions (probe unchanged) for
# answers of 677 chars on average instead of 644; not one of the 14 questions whose first card is wrong lost a fact.
MAX_SENTENCES = 5
MAX_OTHER_CARDS = 2  # cards after the first that may contribute a sentence
RELEVANCE_WINDOW = 0.3  # a sentence of the best card joins when it scores within this of the best one
OTHER_CARD_WINDOW = 0.2  # the same for another card: 0.2 kept every must-mention fact of 0.3 with fewer strays
LEXICAL_WEIGHT = 0.3  # weight of the (rarity-weighted) share of the question's words found in the sentence
SUMMARY_BONUS = 0.2  # a card's summary answers its questions directly; key points add detail
FACT_BONUS = 0.15  # a sentence stating a fact of a kind the question asks for
# Another card speaks only when its topic holds this share of the question's key words (retriever focus): a
# "combien de temps pour répondre à une demande d'effacement" no longer pulls a retention sentence. On the dev
# questions 0.3 lost one must-mention group (a question whose right card was not retrieved first) and 0.45 six.
OTHER_CARD_FOCUS = 0.3
RANK_STEP = 0.03  # a sentence of the n-th card loses n steps: the best card speaks first
# On the 225 dev questions and 40 probe questions of our own (fresh wordings of the facts managers ask for), two
# units of the best card raised must-mention from 0.948 to 0.954 (probe 0.906 → 0.962) for 7 % more text; three
# gained nothing more for 13 % more.
MIN_BEST_CARD = 2  # units of the best card an answer carries whatever the window: the summary rarely says it all
BEST_CARD_WINDOW = 0.7  # ...but only a unit scoring within this of the best one: an unrelated point adds nothing
EXTRA_PER_PART = 1  # sentences allowed beyond MAX_SENTENCES for each further part of a several-part question
# Kinds of fact an answer must carry when the question asks for them and a retrieved card states one. The others
# (steps, verdict, conditions, lists) are stated in so many ways that they only earn the bonus.
# A deadline or a retention period asked comes first: a duration of the other sort does not answer it.
REQUIRED_KINDS = (facts.DEADLINE, facts.RETENTION, facts.DURATION, facts.PENALTY, facts.FIGURE, facts.REFERENCE,
                  facts.LEGAL_BASIS)
# A card's yes/no lead stays when the question asked matches one of the card's questions this well
# (cosine + 0.3 × saturated BM25): on the dev questions, a wrong first card never matched above 0.95.
YES_NO_MATCH = 0.95
_YES_NO_LEAD = re.compile(r"^(?:oui|non|yes|no)\s*[:,—–-]\s*", re.IGNORECASE)
# Openings of a sentence that cannot stand alone: it continues the previous one.
_CONTINUES = re.compile(
    r"^(?:c'|c’|ce |cet |cette |ces |cela |ceci |celui |celle |il |elle |ils |elles |en revanche|"
    r"this |that |these |those |it |its |they |such |however)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A retrieved passage the answer may draw on: its sentences scored against the question, best card first."""

    passage: Passage
    sentences: tuple[tuple[str, float], ...]  # (sentence, cosine to the question) in reading order
    summary_sentences: int = 0  # how many of them form the card's summary
    matched_question: str | None = None
    question_score: float = 0.0
    focus: float = 0.0  # share of the question's key words that the passage's topic holds (retriever focus)


@dataclass(frozen=True, slots=True)
class _Candidate:
    card: int
    position: int
    text: str
    relevance: float
    kinds: frozenset[str]


@lru_cache(maxsize=8192)
def _terms_of(sentence: str) -> frozenset[str]:
    """A card sentence's stemmed words, computed once: the same sentences come back question after question."""
    return frozenset(terms(sentence))


def word_weights(question_terms: set[str], sentences: list[str]) -> dict[str, float]:
    """Each question word that some sentence contains, weighted by its rarity among them (inverse frequency)."""
    counts = {term: sum(term in _terms_of(sentence) for sentence in sentences) for term in question_terms}
    return {term: math.log(1 + len(sentences) / count) for term, count in counts.items() if count}


def word_share(weights: dict[str, float], sentence: str) -> float:
    """The weighted share of the question's words that the sentence contains."""
    total = sum(weights.values())
    return sum(weight for term, weight in weights.items() if term in _terms_of(sentence)) / total if total else 0.0


def without_yes_no(sentence: str) -> str:
    """The sentence without a leading 'Oui :' / 'No,' and with its first letter capitalised."""
    rest = _YES_NO_LEAD.sub("", sentence, count=1)
    return rest[:1].upper() + rest[1:] if rest != sentence else sentence


def units(item: Evidence) -> list[tuple[int, str, float, bool]]:
    """(position, text, cosine, in summary) per unit: a summary sentence that continues the previous one joins it."""
    found: list[tuple[int, str, float, bool]] = []
    for position, (sentence, cosine) in enumerate(item.sentences):
        in_summary = position < item.summary_sentences
        if in_summary and found and _CONTINUES.match(sentence):
            start, text, previous, _ = found[-1]
            found[-1] = (start, f"{text} {sentence}", max(previous, cosine), True)
        else:
            found.append((position, sentence, cosine, in_summary))
    return found


def wanted_kinds(question: str) -> frozenset[str]:
    """The kinds of fact that earn a sentence the bonus: those asked, but only the sort of duration asked when the
    question says which (a deadline to answer, not the 3 years a list is kept)."""
    asked = facts.asked(question)
    return asked - {facts.DURATION} if asked & {facts.DEADLINE, facts.RETENTION} else asked


def _candidates(question: str, evidence: list[Evidence]) -> list[_Candidate]:
    wanted = wanted_kinds(question)
    pieces = [(rank, item, unit) for rank, item in enumerate(evidence) for unit in units(item)]
    weights = word_weights(set(terms(question)), [unit[1] for _, _, unit in pieces])
    found = []
    for rank, item, (position, sentence, cosine, in_summary) in pieces:
        keep_lead = item.question_score >= YES_NO_MATCH and rank == 0
        text = sentence if keep_lead else without_yes_no(sentence)
        kinds = facts.stated(sentence)
        relevance = (cosine + LEXICAL_WEIGHT * word_share(weights, sentence)
                     + (SUMMARY_BONUS if in_summary else 0.0) + (FACT_BONUS if kinds & wanted else 0.0)
                     - RANK_STEP * rank)
        found.append(_Candidate(rank, position, text, relevance, kinds))
    return found


# A further part of a question: a second question mark, or "et"/"and" followed by another interrogative word.
_FURTHER_PART = re.compile(
    r"\?(?=.*\w)|\b(?:et|and|ou|or)\s+(?:comment|combien|quand|que|quel|quels|quelle|quelles|qui|pourquoi|si|"
    r"dans quels?|how|what|when|which|who|why|if|whether|is|are|can|do|does|must|should)\b",
    re.IGNORECASE,
)


def parts(question: str) -> int:
    """How many questions the question holds: "Faut-il former les agents et comment ?" holds two."""
    return 1 + len(_FURTHER_PART.findall(question.strip()))


def _facts_asked(question: str, best: _Candidate, candidates: list[_Candidate]) -> list[_Candidate]:
    """For each required kind asked and not yet stated: the best card's best sentence stating it, else another's
    (the fact asked is what makes it address the question, whatever words it shares with it)."""
    added: list[_Candidate] = []
    for kind in REQUIRED_KINDS:
        if kind not in facts.asked(question) or any(kind in c.kinds for c in (best, *added)):
            continue
        stating = [c for c in candidates if kind in c.kinds]
        own = [c for c in stating if c.card == best.card]
        if own or stating:
            added.append(max(own or stating, key=lambda c: c.relevance))
    return added


def _best_card_minimum(best: _Candidate, chosen: list[_Candidate], candidates: list[_Candidate],
                       minimum: int, limit: int) -> list[_Candidate]:
    """The best card's next best units, outside the window, until it carries `minimum` of them: the card
    retrieved first is most often the right one, and its opening sentence rarely holds every fact asked."""
    own = sorted((c for c in candidates if c.card == best.card and c not in chosen
                  and c.relevance >= best.relevance - BEST_CARD_WINDOW), key=lambda c: -c.relevance)
    missing = minimum - sum(c.card == best.card for c in chosen)
    room = max(0, limit - len(chosen))
    return own[: max(0, min(missing, room))]


def compose(question: str, lang: str, evidence: list[Evidence]) -> Draft:
    """The answer built from the sentences that address the question, each cited to its passage."""
    candidates = _candidates(question, evidence)
    if not candidates:
        return Draft(lang)
    first_card = [c for c in candidates if c.card == 0]
    best = max(first_card or candidates, key=lambda c: c.relevance)
    chosen = [best, *_facts_asked(question, best, candidates)]
    further = parts(question) - 1
    limit = MAX_SENTENCES + EXTRA_PER_PART * further
    for candidate in sorted(candidates, key=lambda c: c.relevance, reverse=True):
        if len(chosen) >= limit or candidate.relevance < best.relevance - RELEVANCE_WINDOW:
            break
        if candidate.card != best.card and (candidate.relevance < best.relevance - OTHER_CARD_WINDOW
                                            or evidence[candidate.card].focus < OTHER_CARD_FOCUS):
            continue
        other_cards = {c.card for c in chosen} - {best.card}
        if candidate in chosen or (candidate.card not in other_cards | {best.card}
                                   and len(other_cards) >= MAX_OTHER_CARDS):
            continue
        chosen.append(candidate)
    chosen += _best_card_minimum(best, chosen, candidates, MIN_BEST_CARD + EXTRA_PER_PART * further, limit)
    cards = sorted({c.card for c in chosen}, key=lambda card: (card != best.card, card))
    used = tuple(evidence[card].passage for card in cards)
    statements = tuple(
        Statement(c.text, cards.index(c.card)) for c in sorted(chosen, key=lambda c: (cards.index(c.card), c.position))
    )
    return Draft(lang, statements, used, evidence[best.card].matched_question)
