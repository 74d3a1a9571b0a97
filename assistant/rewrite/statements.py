"""Sensitive statements: the units of a comment that carry a sensitive meaning, and the comment without them.

    findings ─► each unit holding a span ─► prune the span inside the unit (clauses.plan_pruning)
                     │ what is left says nothing more (a customer noun, function words, facts)?
                     ▼ yes
                 the whole unit goes (its customer noun may stay as a subject), and so does what
                 elaborates it: a parenthetical or a relative clause attached to it, and the next clause
                 when it only describes the person (no fact, no request, no need, no consequence;
                 after an insult, only a judgement or a contemptuous generalisation)
    each sentence is put back together: no leading connector, a subject for a verb that lost its own,
    a sentence with nothing left goes whole.

A relative clause or a parenthetical that holds a span goes whole. A unit that holds a fact (number, date,
name…) never goes whole: only its span is pruned. Identifiers (card, IBAN, NIR) become a neutral mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from assistant.detect.finding import Analysis, Finding
from assistant.detect.policy import FLAGGING_PII
from assistant.rewrite.clauses import FUNCTION_POS, SUBJECT_DEPS, plan_pruning
from assistant.rewrite.cuts import Cut, splice
from assistant.rewrite.echoes import ECHO_REASON, PARTNER_REASON
from assistant.rewrite.facts import identifier_end
from assistant.rewrite.identifiers import plan_identifier
from assistant.rewrite.units import Sentence, Unit, split_sentences
from assistant.rewrite.vocabulary import (
    ABILITY_FORMS,
    ABILITY_LEMMAS,
    AGENT_PRONOUNS,
    BELIEF_LEMMAS,
    BUSINESS_FORMS,
    BUSINESS_LEMMAS,
    BUSINESS_NOUNS,
    BUSINESS_VERBS,
    CAUSE_CONNECTORS,
    CIRCUMSTANCE_PREPOSITIONS,
    CONSEQUENCE_MARKS,
    CONSEQUENCES,
    CONSTRAINT_OPENINGS,
    CONTACT_NOUNS,
    CONTEMPT_PHRASES,
    CONTEMPT_WORDS,
    CONVERSATION_LEMMAS,
    COORDINATORS,
    CUSTOMER_NOUNS,
    DEMEANING_INABILITY_LEMMAS,
    DETERMINERS,
    HEARSAY,
    INABILITY_WORDS,
    LIGHT_LEMMAS,
    LIGHT_WORDS,
    NEGATIONS,
    NEUTRAL_DETERMINERS,
    NEUTRAL_PARTNER,
    NEUTRAL_SUBJECT,
    REFUSAL_LEMMAS,
    REQUEST_NOUNS,
    REQUEST_WORDS,
    SANCTION_WORDS,
    TITLES,
    UNSKILLED_WORDS,
    WILL_LEMMAS,
)
from assistant.text import fold_plain

# Clauses after a removed statement that may still belong to it. Measured on the dev comments: the first
# clause after a label is its elaboration (« schizophrène, entend des voix »); the second is most often
# the business again (« Gay, très sympa, recommande nos services »), so one is the limit.
ELABORATION_CLAUSES = 1
# Words shorter than this are too common to reveal a removed statement (« vol », « ans », « tél »).
STATEMENT_WORD_CHARS = 4
_PRE_VERB = frozenset({"PART", "PRON", "ADV"})
# Attachments of a prepositional phrase (spaCy French UD and English): the noun is not the verb's object.
OBLIQUE_DEPS = frozenset({"obl", "obl:arg", "obl:mod", "pobj"})
# Object pronouns and negation that stand between a subject and its verb (« m'a tenu », « ne peut »).
CLITICS = frozenset("ne n' me m' te t' se s' le la l' les lui leur y en nous vous not never also".split())
_SPACES = re.compile(r"[ \t]{2,}")
# spaCy splits « d'après » as « d' » + « après »; a marker is the folded tokens of a hearsay phrase
_HEARSAY_MARKERS = tuple(
    tuple(fold_plain(t) for t in re.findall(r"\w+'|\w+", phrase.replace("’", "'"))) for phrase in HEARSAY
)
_SOURCE_POS = frozenset({"DET", "ADP", "NOUN", "PROPN", "PRON", "ADJ"})
ECHOES = frozenset({ECHO_REASON, PARTNER_REASON})
# Categories whose person's reported beliefs still state them (a delusion, or a belief mocked by an insult).
BELIEVED = frozenset({"INSULT", "HEALTH"})


@dataclass(slots=True)
class _Fate:
    """What happens to one unit."""

    removed: set[int] = field(default_factory=set)  # tokens removed
    whole: bool = False  # the unit goes entirely
    subject: int = 0  # leading tokens kept only as the subject of a following verb
    replacements: list[Cut] = field(default_factory=list)
    neutralised: set[int] = field(default_factory=set)  # removed tokens a neutral word replaces (a partner)
    exhausted: bool = False  # its statement is gone: what follows may elaborate it


@dataclass(frozen=True, slots=True)
class Statements:
    """The comment without its sensitive statements, and the words only those statements held."""

    text: str
    words: frozenset[str]
    removed: tuple[tuple[str, str], ...]  # (piece, category) of each removed piece, in order (for the prompt)
    released: frozenset[str] = frozenset()  # facts that went with their statement (« sortir après 20h »)


def remove_statements(
    doc: Doc, analysis: Analysis, protected: list[tuple[int, int]], lang: str
) -> Statements:
    """Remove every sensitive statement of a parsed comment; `protected` spans (facts) always stay."""
    text = doc.text
    findings = [f for f in analysis.findings if f.is_sensitive or f.type in FLAGGING_PII]
    # identifiers stay where they are (as a mention): like facts, no cut takes them and no unit holding one goes
    protected = protected + [(f.start, identifier_end(text, f)) for f in findings if f.type in FLAGGING_PII]
    sentences = split_sentences(doc, lang, keep_whole=protected)
    fates: dict[Unit, _Fate] = {}
    carried: tuple[list[str], int] = ([], 0)
    for sentence in sentences:
        carried = _judge_sentence(doc, sentence, findings, protected, lang, fates, carried)
    for finding in findings:
        if finding.type in FLAGGING_PII:
            unit = _unit_at(sentences, finding.start)
            if unit is not None:
                fates.setdefault(unit, _Fate()).replacements.append(plan_identifier(text, finding, lang))
    rendered = [_render(doc, sentence, fates, lang, protected) for sentence in sentences]
    out = "".join(rendered).strip()
    removed_tokens = {i for fate in fates.values() for i in fate.removed} | {
        t.i for unit, fate in fates.items() if fate.whole or fate.subject for t in unit.tokens(doc)[fate.subject:]
    }
    # a unit holding a fact goes only as an inability at given hours or dated by a bare year: those went with it
    released = frozenset(
        text[low:high] for unit, fate in fates.items() if fate.whole or fate.subject for low, high in protected
        if unit.start <= low and high <= unit.end
    )
    return Statements(
        out, _statement_words(doc, removed_tokens, out), _pieces(doc, removed_tokens, findings), released
    )


def _unit_at(sentences: list[Sentence], position: int) -> Unit | None:
    for sentence in sentences:
        for unit in sentence.units:
            if unit.start <= position < max(unit.end, unit.start + 1):
                return unit
    return None


def _overlapping(unit: Unit, findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.is_sensitive and f.start < unit.end and unit.start < f.end]


def _touches(token: Token, spans: list[tuple[int, int]]) -> bool:
    return any(token.idx < high and low < token.idx + len(token) for low, high in spans)


def _judge_sentence(
    doc: Doc, sentence: Sentence, findings: list[Finding], protected: list[tuple[int, int]], lang: str,
    fates: dict[Unit, _Fate], carried: tuple[list[str], int],
) -> tuple[list[str], int]:
    """Decide the fate of each unit of a sentence; returns what the next sentence may still elaborate.

    A sentence that went whole (« FACHO !!! ») hands its statement on to the next one.
    """
    units = sentence.units
    evidence = {t.i for f in findings if f.is_sensitive for t in doc if f.start <= t.idx < f.end}
    elaborating, clauses_left = carried  # categories of the removed statement the next units may elaborate
    carried_over = bool(elaborating)  # the statement was made in an earlier sentence
    stated = {f.type for f in findings if f.reason not in ECHOES and sentence.start <= f.start < sentence.end}
    stated_here = False  # a statement of this sentence went (whole or in part)
    for unit in units:
        tokens = unit.tokens(doc)
        holds_fact = any(_touches(t, protected) for t in tokens)
        # an echo counts only in a sentence that states its category
        here = [f for f in _overlapping(unit, findings) if f.reason not in ECHOES or f.type in stated]
        fate = fates.setdefault(unit, _Fate())
        if here and elaborating and _elaborates(doc, unit, tokens, elaborating, evidence=True) and not holds_fact:
            fate.whole = True  # an elaboration that happens to echo the statement or state it again
            clauses_left -= 1
            continue
        if here:
            _prune(doc, unit, tokens, here, protected, lang, fate)
            stated_here = stated_here or bool(fate.removed)
            if unit.kind in {"paren", "relative"} and (
                not holds_fact or (unit.kind == "paren" and _only_moments(doc, tokens, protected, dates=True))
            ):
                fate.whole = True  # « (congé mat. à partir du 15/09) »: the dates are the statement's own
            elif any(cut.how in {"noun", "subject"} for cut in fate.replacements):
                pass  # a neutral word took the person's place (« le [x] du 3e »): the unit still says what it said
            elif all(f.reason in ECHOES for f in here) and any(_business(t) for t in tokens if t.i not in fate.removed):
                pass  # an echo goes as a loose modifier (« virement [pour la dîme] »): the business it hung on stays
            elif _exhausted(doc, tokens, fate, protected):
                fate.exhausted = True
                subject = _subject_length(tokens)
                if holds_fact and not _only_moments(doc, tokens, protected):
                    # a fact's common-noun label stays even when the pruning took it (« ligne T2 »), unless it
                    # is evidence itself (« curfew 7pm »)
                    rest = tokens[subject:]
                    dropped = _all_but_facts(rest, protected)
                    labels = {t.i for t in rest if t.pos_ == "NOUN" and t.i not in dropped and t.i not in evidence}
                    fate.removed = (fate.removed - labels) | dropped
                else:
                    fate.whole = subject == 0
                    fate.subject = subject
            if fate.whole or fate.exhausted:
                elaborating = [f.type for f in here]
                clauses_left = ELABORATION_CLAUSES
                carried_over = False
            elif any(f.type == "ORIGIN" and f.reason not in ECHOES for f in here) and not any(
                cut.how == "noun" for cut in fate.replacements
            ):
                # « ATTENTION CLIENT [ROUMAIN], NE PAS ACCORDER DE FACILITÉ »: after an origin, how to treat
                # the person is still the statement, even when the unit itself stays (not when a neutral noun
                # took the person's place: « le client du 3e qui se plaint de l'ascenseur » is about the lift)
                elaborating, clauses_left, carried_over = ["ORIGIN"], ELABORATION_CLAUSES, False
            else:
                elaborating = []  # the unit stays: what follows is its own business
            continue
        if unit.kind == "relative":
            antecedent = _antecedent(tokens)
            if antecedent is not None and antecedent.i in evidence:
                # « connasse qui se croit tout permis »: what is said of an insulted or labelled person
                # goes with the label, unless it is business (« folle qui appelle pour la facture »)
                fate.whole = not holds_fact and _elaborates(doc, unit, tokens, [], relative=True)
                continue
            if antecedent is not None and _gone(doc, antecedent, fates):
                # « selon sa mère qui appelle pour elle »: the clause speaks of someone who is no longer there
                fate.whole = not holds_fact
                continue
        if stated_here and not elaborating and _reason_of_statement(doc, unit, tokens, protected):
            fate.whole = True  # « veut un RDV à domicile car il ne peut pas marcher »: the request stays alone
            continue
        if holds_fact and "ORIGIN" in elaborating and not carried_over and clauses_left > 0 and _treatment(
            tokens
        ) and _elaborates(doc, unit, tokens, elaborating):
            # « flagged for extra checks before the upgrade to X »: the treatment goes, the facts' phrases stay
            fate.removed |= _all_but_fact_phrases(tokens, protected)
            elaborating = []
            continue
        if not elaborating or (holds_fact and not (
            _inability_at_hours(doc, tokens, protected)
            or (unit.kind == "paren" and _only_moments(doc, tokens, protected, dates=True))
        )):
            elaborating = []
            continue
        if unit.kind == "paren":
            fate.whole = True
        elif (
            unit.kind == "relative" or clauses_left > 0 or _agent_exchange(tokens)
            or (BELIEVED & set(elaborating) and _reported_belief(tokens, False))
            or ("CRIMINAL" in elaborating and _sanction(tokens))
        ) and _elaborates(
            doc, unit, tokens, elaborating, same_sentence=not carried_over
        ):
            fate.whole = True
            # a relative clause or a clause coordinated to the statement (« and hears voices ») is still part
            # of it; only a clause of its own counts against the limit
            clauses_left -= unit.kind != "relative" and unit.connector not in COORDINATORS
        else:
            elaborating = []
    if all(fates[unit].whole or fates[unit].subject for unit in units):
        return elaborating, clauses_left
    return [], 0


def _all_but_facts(tokens: list[Token], protected: list[tuple[int, int]]) -> set[int]:
    """Every token but the facts and the prepositions and determiners just before one (« le 12/01 »)."""
    kept: set[int] = set()
    for index, token in enumerate(tokens):
        if _touches(token, protected):
            kept.add(token.i)
            back = index - 1
            if back >= 0 and tokens[back].pos_ in {"NOUN", "PROPN"} and not _touches(tokens[back], protected):
                kept.add(tokens[back].i)  # the fact's label: « ligne T2 », « contrat C-2291 »
                back -= 1
            while back >= 0 and tokens[back].pos_ in {"ADP", "DET"}:
                kept.add(tokens[back].i)
                back -= 1
    return {t.i for t in tokens if t.i not in kept and not t.is_punct}


def _treatment(tokens: list[Token]) -> bool:
    """« flagged for extra ID checks », « signalé pour contrôle renforcé »: a bare participle heads the clause,
    something done to the person (not « s'est présenté », the person's own act)."""
    inside = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in inside or t.head == t]
    return len(roots) == 1 and roots[0].pos_ == "VERB" and not _conjugated(roots[0])


def _all_but_fact_phrases(tokens: list[Token], protected: list[tuple[int, int]]) -> set[int]:
    """Every token but the noun phrase each fact, or the label noun just before it, sits in (« the upgrade to
    Unlimited Max », « the switch to tariff T-440 »), without the preposition that hangs it on the clause."""
    inside = {t.i for t in tokens}
    kept: set[int] = set()
    for index, token in enumerate(tokens):
        if not _touches(token, protected) or token.i in kept:
            continue
        label = tokens[index - 1] if index and tokens[index - 1].pos_ in {"NOUN", "PROPN"} else None
        for start in [token] if label is None else [token, label]:
            top = start
            while top.head.i in inside and top.head != top and top.head.pos_ in {"NOUN", "PROPN", "ADP", "NUM"}:
                top = top.head
            while top.pos_ == "ADP" and top.i != start.i:
                top = next((c for c in top.children if c.i in inside and c.i <= start.i), start)
            kept |= {t.i for t in top.subtree if t.i in inside and not (t.head == top and t.dep_ == "case")}
    return {t.i for t in tokens if t.i not in kept and not t.is_punct}


def _antecedent(tokens: list[Token]) -> Token | None:
    """The noun a relative clause speaks of: the head of its verb, outside the clause."""
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in inside and token.head != token:
            return token.head
    return None


def _gone(doc: Doc, token: Token, fates: dict[Unit, _Fate]) -> bool:
    for unit, fate in fates.items():
        if unit.start <= token.idx < unit.end:
            if fate.whole or token.i in fate.removed:
                return True
            tokens = unit.tokens(doc)
            return bool(fate.subject) and token.i not in {t.i for t in tokens[:fate.subject]}
    return False


def _prune(
    doc: Doc, unit: Unit, tokens: list[Token], here: list[Finding], protected: list[tuple[int, int]], lang: str,
    fate: _Fate,
) -> None:
    for finding in here:
        if finding.reason == PARTNER_REASON:
            cut = _neutral_partner(doc, tokens, finding, lang)
            fate.replacements.append(cut)
            fate.neutralised |= {t.i for t in tokens if cut.start <= t.idx < cut.end}
            fate.removed |= fate.neutralised
            continue
        pruning = plan_pruning(
            doc, tokens, max(finding.start, unit.start), min(finding.end, unit.end), protected, lang, finding.type,
            modifier_only=finding.reason == ECHO_REASON,  # an echo goes only where it is a loose modifier
        )
        if pruning is None:
            continue
        fate.removed |= pruning.removed
        if pruning.replacement and pruning.at >= 0:
            run = _run_around(doc, pruning.removed, pruning.at)
            fate.replacements.append(Cut(run[0], run[1], pruning.replacement, pruning.how))
    replaced = {t.i for cut in fate.replacements for t in tokens if cut.start <= t.idx < cut.end}
    fate.removed |= _dependents(tokens, fate.removed - replaced, protected)


def _neutral_partner(doc: Doc, tokens: list[Token], finding: Finding, lang: str) -> Cut:
    """« son mari » → « son conjoint », « sa compagne » → « son conjoint », « her wife » → « her partner »."""
    word = NEUTRAL_PARTNER.get(lang, NEUTRAL_PARTNER["fr"])
    first = next((t for t in tokens if t.idx >= finding.start), None)
    if first is not None and first.i > 0:
        determiner = doc[first.i - 1]
        neutral = NEUTRAL_DETERMINERS.get(fold_plain(determiner.text)) if lang == "fr" else None
        if neutral is not None and determiner.pos_ == "DET":
            return Cut(determiner.idx, finding.end, f"{neutral} {word}", "partner")
    return Cut(finding.start, finding.end, word, "partner")


def _dependents(tokens: list[Token], removed: set[int], protected: list[tuple[int, int]]) -> set[int]:
    """What hangs on a removed word goes with it, but for its subject and any branch that holds a fact."""
    inside = {t.i: t for t in tokens}
    extra: set[int] = set()
    frontier = [inside[i] for i in removed if i in inside]
    while frontier:
        token = frontier.pop()
        for child in token.children:
            if child.i not in inside or child.i in removed or child.i in extra or child.dep_ in SUBJECT_DEPS:
                continue
            branch = [t for t in child.subtree if t.i in inside]
            if any(_touches(t, protected) for t in branch):
                continue
            extra |= {t.i for t in branch}
    return extra


def _run_around(doc: Doc, removed: frozenset[int], at: int) -> tuple[int, int]:
    first = last = at
    while first - 1 in removed:
        first -= 1
    while last + 1 in removed:
        last += 1
    return doc[first].idx, doc[last].idx + len(doc[last])


def _is_light(token: Token) -> bool:
    folded = fold_plain(token.text)
    return (
        token.pos_ in FUNCTION_POS or token.pos_ == "ADV" or token.is_punct
        or token.lemma_.lower() in LIGHT_LEMMAS or folded in LIGHT_WORDS
    )


def _hearsay(doc: Doc, tokens: list[Token]) -> set[int]:
    """Tokens of a phrase that only says who told the statement (« d'après la gardienne », « per his brother »)."""
    found: set[int] = set()
    for index in range(len(tokens)):
        for marker in _HEARSAY_MARKERS:
            if [fold_plain(t.text) for t in tokens[index:index + len(marker)]] != list(marker):
                continue
            following = index + len(marker)
            while following < len(tokens) and tokens[following].pos_ in _SOURCE_POS and following - index < 6:
                following += 1
            found |= {t.i for t in tokens[index:following]}
    return found


def _exhausted(doc: Doc, tokens: list[Token], fate: _Fate, protected: list[tuple[int, int]]) -> bool:
    """True when what the pruning left says nothing of its own.

    That is: its main word went, or only a customer noun (and what hangs on it), function words, hearsay
    and facts are left, or a single word whose every complement went (« sort [de garde à vue] »).
    """
    inside = {t.i for t in tokens}
    removed = fate.removed - fate.neutralised  # a partner made neutral still says what the unit says
    roots = {i for i in inside if doc[i].head.i not in inside or doc[i].head.i == i}
    if roots <= removed:
        return True
    subject = {t.i for t in tokens[:_subject_length(tokens)]}
    hearsay = _hearsay(doc, tokens)
    content = [
        t for t in tokens
        if t.i not in removed and t.i not in hearsay and not _is_light(t) and not _touches(t, protected)
        and (t.pos_ == "VERB" or not _under(t, subject, inside))  # what describes the customer noun, not a verb
    ]
    if not content:
        return True
    if any(_business(t) for t in content):
        return False
    if roots & removed and not any(_conjugated(t) for t in content):
        return True  # the label went; a loose phrase of its own is left (« à La Poste », « 3 fois/semaine »)
    if len(content) > 1:
        return False
    children = [
        c for c in content[0].children
        if c.i in inside and not c.is_punct and c.pos_ not in FUNCTION_POS and c.dep_ not in SUBJECT_DEPS
    ]
    return bool(children) and all(c.i in removed or c.i in hearsay for c in children)


def _conjugated(token: Token) -> bool:
    """A verb that states something: not a bare participle (« comme pas permis », « notoire »)."""
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    return "Part" not in token.morph.get("VerbForm") or any(c.dep_.startswith("aux") for c in token.children)


def _under(token: Token, heads: set[int], inside: set[int]) -> bool:
    """Whether the token is one of `heads` or hangs on one of them inside the unit."""
    while True:
        if token.i in heads:
            return True
        if token.head == token or token.head.i not in inside:
            return False
        token = token.head


def _subject_length(tokens: list[Token]) -> int:
    """How many leading tokens name the customer (« Client », « Le client », « Mr Hale », « Cl. »), else 0."""
    length, named = 0, False
    for index, token in enumerate(tokens):
        folded = fold_plain(token.text).rstrip(".")
        after_title = index > 0 and fold_plain(tokens[index - 1].text).rstrip(".") in TITLES
        if (folded in CUSTOMER_NOUNS or folded in TITLES) and not named:
            named = True
        elif not (
            (folded in TITLES and after_title)  # « M. » after « Cl. »
            or (token.text == "." and index > 0)  # the full stop of « Cl. »
            or (folded in DETERMINERS and not named)  # « Le » of « Le client »
            or (after_title and token.text[:1].isupper())  # « Hale » of « Mr Hale »
        ):
            break
        length = index + 1
    return length if named else 0


def _words_of(tokens: list[Token]) -> str:
    return " ".join(fold_plain(t.text) for t in tokens)


def _elaborates(
    doc: Doc, unit: Unit, tokens: list[Token], categories: list[str], *, relative: bool = False,
    same_sentence: bool = True, evidence: bool = False,
) -> bool:
    """Whether a clause after a removed statement only goes on describing the person.

    Not when it states a consequence (« donc », « -> »), a request, a need or an operation, an instruction
    to the agent, or when someone else is its subject (the agent, a relative, the technician). After an
    insult alone, a behaviour stays (« a raccroché deux fois ») unless it is a judgement without a verb
    (« radin en plus ») or a contemptuous generalisation (« never reads his e-mails »).
    """
    insult_only = set(categories) <= {"INSULT"}
    if _demeaning_inability(tokens) if insult_only else _inability(tokens):
        # « ne peut pas porter le colis »: the effect of the statement, even after « donc »; after an insult, a
        # lack of skill or of room is the contempt itself (« ne sait pas lire une facture », « couldn't fit »)
        return True
    if unit.mark in CONSEQUENCE_MARKS or unit.connector in CONSEQUENCES:
        return False
    if _personal_refusal(tokens):
        return True  # « refuse de parler à un conseiller homme », « n'a pas voulu se découvrir »: the practice
    if BELIEVED & set(categories) and _reported_belief(tokens, evidence):
        # « says the meter spies on him »: what a person labelled with contempt, or with a mental illness, believes
        return True
    words = f" {_words_of(tokens)} "
    if "ORIGIN" in categories and same_sentence and (
        _refusal(tokens) or not any(_business_verb(t) or _request(t) for t in tokens)
    ):
        # what follows an origin is how to treat the person (« be careful with the deposit », « flagged for
        # extra ID checks », « NE PAS ACCORDER DE FACILITÉ »): discrimination, part of the statement; only the
        # customer's own request stays
        return True
    if insult_only and (
        any(f" {w} " in words for w in CONTEMPT_WORDS) or any(f" {fold_plain(p)} " in words for p in CONTEMPT_PHRASES)
    ):
        return True
    if any(_business(token) for token in tokens) or any(_someone_else(token) for token in tokens):
        return False
    if tokens and (_instruction(tokens[0]) or _constraint(tokens)):
        return False
    if insult_only and not relative:
        return not any(t.pos_ in {"VERB", "AUX"} for t in tokens)
    return True


def _sanction(tokens: list[Token]) -> bool:
    """« Banned from store », « interdit d'agence », « blacklisted »: the sanction of an offence still states it,
    however many clauses the offence took."""
    return any(fold_plain(t.text) in SANCTION_WORDS for t in tokens[:3])


def _reason_of_statement(doc: Doc, unit: Unit, tokens: list[Token], protected: list[tuple[int, int]]) -> bool:
    """A cause clause after a kept request, in a sentence whose statement went: the reason is the statement.

    « veut livraison au rez-de-chaussée car elle ne peut pas porter le colis », « refuse l'option car « il se
    réincarnera » »: the request is the need, its reason only says why. Not when the reason holds a fact or
    an operation of ours (« car la commande 12-004 est arrivée abîmée »).
    """
    if unit.connector not in CAUSE_CONNECTORS or any(_touches(t, protected) for t in tokens):
        return False
    if _inability(tokens):
        return True
    return not any(_business(t) or _someone_else(t) for t in tokens)


_YEAR = re.compile(r"(?:19|20)\d\d")
_DATE = re.compile(r"\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?")
_HOUR = re.compile(r"(?i)\d{1,2}\s?(?:h|:)\s?\d{0,2}|\d{1,2}\s?(?:am|pm)")


def _facts_in(doc: Doc, tokens: list[Token], protected: list[tuple[int, int]]) -> list[str]:
    return [
        doc.text[low:high].strip() for low, high in protected
        if any(low < t.idx + len(t) and t.idx < high for t in tokens)
    ]


def _only_moments(doc: Doc, tokens: list[Token], protected: list[tuple[int, int]], *, dates: bool = False) -> bool:
    """« condamné pour fraude en 2018 », « curfew 7pm-7am »: bare years or hours in a statement that went only
    say when it holds; they are no fact of ours (an amount or a reference stays). With `dates`, a date too: a
    parenthetical that holds the statement dates it (« (hospitalisé du 12/03 au 20/03) »)."""
    facts = _facts_in(doc, tokens, protected)
    return bool(facts) and all(
        _YEAR.fullmatch(fact) or _HOUR.fullmatch(fact) or (dates and _DATE.fullmatch(fact)) for fact in facts
    )


def _inability_at_hours(doc: Doc, tokens: list[Token], protected: list[tuple[int, int]]) -> bool:
    """« ne peut pas sortir après 20h », « can't go out before 8am »: an inability whose only facts are hours.

    The hours say when the person may not go out, the statement's effect; a delivery slot keeps its own.
    """
    facts = _facts_in(doc, tokens, protected)
    return bool(facts) and all(_HOUR.fullmatch(fact) for fact in facts) and _inability(tokens)


def _personal_refusal(tokens: list[Token]) -> bool:
    """« refuse de parler à un conseiller », « n'a pas voulu se découvrir », « won't shake hands »: the person
    refuses an act of their own, not one of our operations (« refuse de payer », « ne veut pas être rappelé »
    stay: a refused operation is business)."""
    for token in tokens:
        lemma = token.lemma_.lower()
        negated = any(c.dep_ == "neg" or fold_plain(c.text) in NEGATIONS for c in token.children)
        if lemma in REFUSAL_LEMMAS or (negated and (lemma in WILL_LEMMAS or fold_plain(token.text) in WILL_LEMMAS)):
            acts = [c for c in token.children if c.dep_ in {"xcomp", "ccomp"} and c.pos_ == "VERB"]
            if acts and not any(_business_verb(act) or _passive_child(act) for act in acts):
                return True
    return False


def _passive_child(token: Token) -> bool:
    return any(_passive(child) for child in token.children)


def _reported_belief(tokens: list[Token], evidence: bool) -> bool:
    """« says the smart meter spies on him for the government », « prétend que l'État le surveille »: a belief
    reported with no request, operation or number; a CRM object in it is only its topic when the belief itself
    carries the statement's evidence (« for the government »)."""
    verbs = [t for t in tokens if t.pos_ in {"VERB", "AUX"}]
    if not verbs or verbs[0].lemma_.lower() not in BELIEF_LEMMAS:
        return False
    belief = [t for t in tokens if t.i > verbs[0].i]
    return bool(belief) and not any(
        _business_verb(t) or _request(t) or t.like_num or (not evidence and _business(t)) for t in belief
    )


def _refusal(tokens: list[Token]) -> bool:
    """« ne pas accorder de facilité », « do not offer credit »: an instruction that opens with a negation."""
    opening = [fold_plain(t.text) for t in tokens[:3]]
    return any(word in NEGATIONS for word in opening) and any(t.pos_ == "VERB" for t in tokens[:4])


def _inability(tokens: list[Token]) -> bool:
    """« ne peut pas porter », « can't leave the county », « incapable de »: what the person cannot do.

    Not when what cannot happen is an operation of ours or a way to reach the person (« ne peut pas être
    livrée le samedi », « can't take calls »): that is a constraint the agent must respect, the need itself.
    Carrying a parcel or wearing a helmet is the person's own ability: the statement's effect.
    """
    if any(_business_verb(t) or _passive(t) or fold_plain(t.text) in CONTACT_NOUNS for t in tokens):
        return False
    for token in tokens:
        folded = fold_plain(token.text)
        if folded in INABILITY_WORDS:
            return True
        if token.lemma_.lower() in ABILITY_LEMMAS or folded in ABILITY_FORMS:
            around = [fold_plain(t.text) for t in tokens if abs(t.i - token.i) <= 3]
            if any(word in NEGATIONS for word in around) or any(c.dep_ == "neg" for c in token.head.children):
                return True
    return False


def _demeaning_inability(tokens: list[Token]) -> bool:
    """« ne sait pas lire une facture », « incapable de retenir un code », « couldn't fit in the car », « ne
    passait pas dans la cabine »: what an insulted person lacks the skill or the room for, the insult's substance.

    Not a practical inability (« couldn't find the button », « couldn't give the reading »), nor one of ours
    (« le paiement ne passe pas »).
    """
    if any(_business_verb(t) or fold_plain(t.text) in CONTACT_NOUNS for t in tokens):
        return False
    for token in tokens:
        if fold_plain(token.text) in UNSKILLED_WORDS:
            return True
        if token.lemma_.lower() not in DEMEANING_INABILITY_LEMMAS:
            continue
        subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS]
        if any(_business(c) for c in subjects):
            continue
        around = [fold_plain(t.text) for t in tokens if abs(t.i - token.i) <= 3]
        if any(word in NEGATIONS for word in around) or any(c.dep_ == "neg" for c in token.children):
            return True
    return False


def _passive(token: Token) -> bool:
    """« être livrée », « be delivered »: what cannot happen is done to something, an operation of ours."""
    return token.dep_ in {"aux:pass", "auxpass"} or "pass" in token.dep_


def _request(token: Token) -> bool:
    """« dde », « demande », « request »: the customer asks for something."""
    return fold_plain(token.text) in REQUEST_NOUNS


def _constraint(tokens: list[Token]) -> bool:
    """« pas d'appel le samedi », « no deliveries on Friday », « aucun courrier »: a constraint to respect."""
    words = _words_of(tokens[:2]).replace("' ", "'")
    return any(words.startswith(opening) for opening in CONSTRAINT_OPENINGS)


def _someone_else(token: Token) -> bool:
    """A subject that is not the customer: the agent (« j'ai dû répéter »), a named or determined person."""
    if token.dep_ not in SUBJECT_DEPS:
        return False
    folded = fold_plain(token.text).rstrip("'")
    if token.pos_ == "PRON":
        # « on a parlé de la réforme 20 min », « I had to repeat everything »: the exchange about the statement
        return folded in AGENT_PRONOUNS and not _conversation(token.head)
    if folded in CUSTOMER_NOUNS:
        return False
    if token.pos_ == "PROPN":
        return token.text[:1].isupper()  # « english not great » is no person
    return any(c.dep_ in {"det", "nmod:poss", "poss"} for c in token.children)


def _agent_exchange(tokens: list[Token]) -> bool:
    """« j'ai dû répéter 10 fois », « on a parlé de la réforme »: the agent tells how the exchange about the
    statement went; however many clauses the statement took, this one still belongs to it."""
    return any(
        t.dep_ in SUBJECT_DEPS and fold_plain(t.text).rstrip("'") in AGENT_PRONOUNS and _conversation(t.head)
        for t in tokens
    )


def _conversation(verb: Token) -> bool:
    """« parler », « discuter », « répéter », « talk », « argue »: the verb, or the one it governs, is the exchange."""
    governed = [c for c in verb.children if c.dep_ in {"xcomp", "ccomp"}]
    return any(t.lemma_.lower() in CONVERSATION_LEMMAS for t in [verb, *governed])


def _business(token: Token) -> bool:
    """A request, a need, an operation or one of the CRM's own objects (« commande », « livraison »).

    Not an object named only as the moment or the channel of a behaviour (« en fin d'appel », « pendant
    l'appel », « during the call »): « a essayé de me faire du prosélytisme en fin d'appel » is no business.
    """
    folded = fold_plain(token.text)
    if folded in BUSINESS_NOUNS and token.pos_ != "VERB":
        return not _circumstance(token) and not _behaviour_oblique(token)
    return _business_verb(token) or folded in REQUEST_WORDS


def _behaviour_oblique(token: Token) -> bool:
    """A CRM object in a prepositional phrase of a conjugated verb that is no operation: the topic or the setting
    of what the person did (« cried on the phone about the bill », « s'est moqué de la carte de vœux »)."""
    verb = token.head.head if token.dep_ == "pobj" else token.head
    if token.dep_ not in OBLIQUE_DEPS or verb.pos_ != "VERB" or "Inf" in verb.morph.get("VerbForm"):
        return False
    between = token.doc[min(verb.i, token.i):max(verb.i, token.i)]
    if any(t.is_punct for t in between):
        return False  # the parse joined two clauses across a comma (« Suivie en hôpital…, livraison à… »)
    # a business verb the parse hung on this one across a mark (« s'est moqué de X — demande Y ») is another clause
    return not _business_verb(verb) and not any(
        _business_verb(c) for c in verb.children
        if not any(t.is_punct for t in token.doc[min(verb.i, c.i):max(verb.i, c.i)])
    )


def _circumstance(token: Token) -> bool:
    """A noun that only says when or through what something happened: its phrase opens with « pendant »,
    « en fin de », « lors de », « during », « on »…, on the noun itself or on the noun it completes."""
    for noun in (token, token.head):
        cases = [fold_plain(c.text) for c in noun.children if c.dep_ in {"case", "prep"}]
        if noun is not token:
            cases.append(fold_plain(noun.text))  # « en fin d'appel », « at the end of the call »
        if noun.dep_ == "pobj":
            cases.append(fold_plain(noun.head.text))
        if any(case in CIRCUMSTANCE_PREPOSITIONS for case in cases):
            return True
        if noun.dep_ not in {"nmod", "pobj"}:
            break
    return False


def _business_verb(token: Token) -> bool:
    """« demande », « a souhaité », « wants », « ne peut pas »: a request, a need or an operation."""
    if token.pos_ not in {"VERB", "AUX"}:
        return False
    folded = fold_plain(token.text)
    if token.lemma_.lower() in BUSINESS_LEMMAS or folded in BUSINESS_FORMS:
        return True
    return any(folded.startswith(stem) for stem in _BUSINESS_STEMS)


_BUSINESS_STEMS = tuple(
    fold_plain(lemma[:-2]) for lemma in BUSINESS_VERBS["fr"] if lemma.endswith(("er", "ir")) and len(lemma) >= 6
)


def _instruction(token: Token) -> bool:
    """« rappeler le soir », « call after 6pm »: an instruction to the agent, not a description."""
    if "Inf" in token.morph.get("VerbForm") and token.pos_ == "VERB":
        return True
    return token.tag_ == "VB" and not any(c.dep_ in SUBJECT_DEPS for c in token.children)


def _starts_with_finite_verb(tokens: list[Token], lang: str) -> bool:
    """« a demandé », « ne peut pas », « can't take », « needs »: a verb waiting for its subject."""
    for token in tokens[:4]:
        if token.pos_ in {"VERB", "AUX"}:
            # « the customer » agrees with « needs », « asked », « can't », not with « call » (VBP)
            finite = token.tag_ in {"VBZ", "VBD", "MD"} if lang == "en" else "Fin" in token.morph.get("VerbForm")
            return finite and token.text[:1].islower()
        folded = fold_plain(token.text)
        if folded in CLITICS:
            continue
        if token.pos_ not in _PRE_VERB or token.dep_ in SUBJECT_DEPS:
            return False
    return False


def _gender(doc: Doc, units: list[Unit], fates: dict[Unit, _Fate]) -> str:
    """The grammatical gender of the removed label that opened the sentence (« Enceinte » → la cliente).

    Read on the label's main word, else on the words that describe it, never on its objects
    (« A manifesté contre la réforme » is no feminine); masculine, the French default, when none says.
    """
    for unit in units:
        fate = fates.get(unit)
        if fate is None or not (fate.whole or fate.removed):
            continue
        tokens = [t for t in unit.tokens(doc) if fate.whole or t.i in fate.removed]
        inside = {t.i for t in tokens}
        roots = [t for t in tokens if t.head.i not in inside or t.head == t]
        describing = [c for root in roots for c in root.children if c.i in inside and c.dep_ in _DESCRIBING_DEPS]
        for token in [*roots, *describing]:
            genders = token.morph.get("Gender")
            if genders and token.pos_ in {"NOUN", "ADJ", "PROPN", "VERB"}:
                return "Fem" if genders == ["Fem"] else "Masc"
        break
    return "Masc"


_DESCRIBING_DEPS = frozenset({"amod", "acl", "appos", "xcomp", "flat:name", "nmod"})


def _body(doc: Doc, unit: Unit, fate: _Fate) -> tuple[str, list[Token]]:
    """The unit's text after its pruning and replacements, and the tokens it still has."""
    text = doc.text
    tokens = unit.tokens(doc)
    kept = [t for t in tokens if t.i not in fate.removed]
    cuts = list(fate.replacements)
    covered = {t.i for cut in cuts for t in tokens if cut.start <= t.idx < cut.end}
    for low, high in _token_runs([t for t in tokens if t.i in fate.removed and t.i not in covered]):
        cuts.append(Cut(low, high))
    body = splice(text[:unit.end], cuts)[unit.start:] if cuts else text[unit.start:unit.end]
    return _SPACES.sub(" ", body).strip(), kept


def _token_runs(tokens: list[Token]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for token in tokens:
        if runs and token.i - 1 == runs[-1][2]:
            runs[-1] = (runs[-1][0], token.idx + len(token), token.i)
        else:
            runs.append((token.idx, token.idx + len(token), token.i))
    return [(low, high) for low, high, _ in runs]


# How strongly a mark separates two units: when units between two kept ones go, the strongest mark joins them
# (« Agence Lyon : [client d'origine X], réservation… » keeps its colon).
MARK_STRENGTH = {"->": 5, "=>": 5, "→": 5, ":": 4, ";": 3, "—": 2, "–": 2, "-": 2, "=": 2, ",": 1, "+": 1}


def _delimiter(text: str, unit: Unit) -> str:
    """What joins a unit to the one before, without its connector word (« , », « : », « -> »)."""
    lead = text[unit.lead:unit.start]
    if unit.connector:
        position = fold_plain(lead).rfind(unit.connector)
        lead = lead[:position] if position >= 0 else lead
    return lead if lead.strip() else " "


def _render(
    doc: Doc, sentence: Sentence, fates: dict[Unit, _Fate], lang: str, protected: list[tuple[int, int]]
) -> str:
    """Put a sentence back together from the units that stay."""
    text = doc.text
    named = False  # a piece holds a fact (a name): a sentence reduced to it still says something
    pieces: list[str] = []
    bare_subject = False  # the last piece is only a customer noun
    gone: list[Unit] = []  # units that went since the last piece
    reduced = False  # the last piece lost words
    pending: tuple[str, str] | None = None  # (lead, noun) of a removed unit's customer noun
    opened_by_removal = False
    for unit in sentence.units:
        fate = fates.get(unit, _Fate())
        tokens = unit.tokens(doc)
        body, kept = ("", []) if fate.whole or fate.subject else _body(doc, unit, fate)
        if fate.subject:
            noun = text[unit.start:tokens[fate.subject - 1].idx + len(tokens[fate.subject - 1])]
            pending = (text[unit.lead:unit.start] if pieces else "", noun)
        if not any(char.isalnum() for char in body):
            gone.append(unit)
            opened_by_removal = opened_by_removal or not pieces
            continue
        verb_first = _starts_with_finite_verb(kept, lang) or (
            unit.kind == "relative" and unit.connector in {"qui", "who", "which"}
        )
        lead = text[unit.lead:unit.start]
        if pending is not None and verb_first:
            lead = pending[0] if pieces else ""
            body = f"{pending[1]} {body}"
        elif (gone or reduced) and bare_subject and verb_first:
            lead = " "  # « Mr Dumas [= crétin des Alpes], s'est trompé » → « Mr Dumas s'est trompé »
        elif not pieces:
            lead = ""
            if opened_by_removal and verb_first:
                subject = NEUTRAL_SUBJECT.get(lang, NEUTRAL_SUBJECT["fr"])[_gender(doc, list(sentence.units), fates)]
                body = f"{subject[0].upper()}{subject[1:]} {body}"
            elif unit.kind == "paren" and body[:1] in "([" and body[-1:] in ")]":
                body = body[1:-1].strip()
        elif gone and not unit.connector:
            strongest = max([*gone, unit], key=lambda u: MARK_STRENGTH.get(u.mark, 0))
            lead = _delimiter(text, strongest) if strongest is not unit else lead or " "
        pieces.append(lead + body)
        bare_subject = _subject_length(kept) == len([t for t in kept if not t.is_punct]) and pending is None
        named = named or any(_touches(t, protected) for t in kept)
        pending = None
        gone = []
        reduced = bool(fate.removed)
    if not pieces or (bare_subject and len(pieces) == 1 and not named and _removed_any(sentence, fates)):
        return ""
    return "".join(pieces) + text[sentence.end:sentence.stop]


def _removed_any(sentence: Sentence, fates: dict[Unit, _Fate]) -> bool:
    return any(fates.get(u, _Fate()).whole or fates.get(u, _Fate()).removed for u in sentence.units)


def _pieces(doc: Doc, removed: set[int], findings: list[Finding]) -> tuple[tuple[str, str], ...]:
    """Each run of removed words with the category it carries (that of the statement before it when none)."""
    pieces: list[tuple[str, str]] = []
    category = ""
    for low, high in _token_runs([t for t in doc if t.i in removed and not t.is_punct]):
        here = [f.type for f in findings if f.is_sensitive and f.start < high and low < f.end]
        category = here[0] if here else category
        pieces.append((doc.text[low:high], category))
    return tuple(pieces)


def _statement_words(doc: Doc, removed: set[int], kept_text: str) -> frozenset[str]:
    """Content words of the removed statements that the kept text does not use (« voix », « cure »…).

    Adverbs, light verbs and customer nouns say nothing of the statement (« très », « dit », « client »).
    """
    kept = set(re.findall(r"\w+", fold_plain(kept_text)))
    found = set()
    for token in doc:
        if token.i not in removed or _is_light(token) or token.like_num:
            continue
        for word in re.findall(r"\w+", fold_plain(token.text)):
            if len(word) >= STATEMENT_WORD_CHARS and word not in kept and word not in CUSTOMER_NOUNS:
                found.add(word)
    return frozenset(found)
