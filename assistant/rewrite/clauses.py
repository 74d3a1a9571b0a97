"""The smallest part of one unit to cut so that a sensitive span goes and what stays still reads.

Guided by the spaCy dependency parse, inside one unit (a parse is not trusted across punctuation), most
specific first: a modifier phrase (« de confession juive », « in rehab »), an insulting or origin noun
after its determiner (replaced by a neutral one), a sensitive subject (replaced by a neutral one), a
predicate (« est enceinte »), and at last the span with its function words. Then every word the cut
left stranded goes too: a verb or adjective whose complements are all gone (« dit sortir [de prison] »,
« has [dementia] ») says nothing on its own. A cut never removes a fact (number, date, e-mail…).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from assistant.rewrite.vocabulary import BUSINESS_NOUNS, CUSTOMER_NOUNS, NEUTRAL_NOUN, NEUTRAL_SUBJECT
from assistant.text import fold_plain

MODIFIER_DEPS = frozenset(
    "amod nmod appos acl acl:relcl relcl advcl obl obl:mod obl:agent advmod conj nmod:poss compound prep pobj "
    "npadvmod dep parataxis nummod quantmod poss".split()
)
COMPLEMENT_DEPS = frozenset("obj dobj iobj attr acomp xcomp ccomp obl:arg oprd pobj".split())
SUBJECT_DEPS = frozenset("nsubj nsubj:pass nsubjpass csubj expl:subj".split())
FUNCTION_POS = frozenset("ADP DET CCONJ SCONJ PART PUNCT AUX PRON".split())
# Dependents that only serve their head: they go when the head goes.
SERVING_DEPS = frozenset(
    "aux aux:pass aux:tense auxpass cop neg mark case det cc punct expl:comp expl:pv advmod".split()
)
CAUSE_WORDS = frozenset(
    "car parce que puisque vu étant donné comme suite à cause de en raison because as since due to "
    "owing being given".split()
)
# A parse-guided cut may take this many content words besides the span; more means the parse went wrong
# and a whole clause would go. Measured on the dev comments: 3 keeps « de confession juive, très pieuse »
# whole and never took a fact-bearing clause.
MAX_EXTRA_CONTENT = 3
PERSON_NOUN_CATEGORIES = frozenset({"INSULT", "ORIGIN"})
# Heads that a cut may strand: words that say nothing once their complements are gone.
STRANDABLE_POS = frozenset({"VERB", "AUX", "ADJ", "ADP"})


@dataclass(frozen=True, slots=True)
class Pruning:
    """Tokens to remove from a unit; `replacement` goes where the first of them stood."""

    removed: frozenset[int]
    replacement: str = ""
    how: str = "minimal"
    at: int = -1  # the token where `replacement` goes


def plan_pruning(
    doc: Doc, unit: list[Token], start: int, end: int, protected: list[tuple[int, int]], lang: str,
    category: str = "", *, modifier_only: bool = False,
) -> Pruning | None:
    """The best pruning of `unit` (its tokens) that removes text[start:end] without touching `protected` spans.

    `modifier_only`: only a modifier phrase may go (« pour la dîme [de son église] »), else None.
    """
    tokens = [t for t in unit if t.idx < end and t.idx + len(t) > start]
    if not tokens:
        return None if modifier_only else Pruning(frozenset())
    inside = {t.i for t in unit}
    start = min(start, tokens[0].idx)
    end = max(end, tokens[-1].idx + len(tokens[-1]))
    heads = [t for t in tokens if t.head not in tokens or t.head == t]

    def free(pruning: Pruning | None) -> Pruning | None:
        if pruning is None or not pruning.removed >= {t.i for t in tokens}:
            return None
        if any(_touches(doc[i], protected) for i in pruning.removed):
            return None
        wide = pruning.how in {"modifier", "predicate", "subject"}
        if wide and _extra_content(doc, pruning, start, end) > MAX_EXTRA_CONTENT:
            return None
        return pruning

    strategies = (
        lambda: _modifier(doc, heads, inside, prepositional=modifier_only),
        lambda: _person_noun(tokens, heads, lang, category),
        lambda: _subject(doc, tokens, heads, inside, lang),
        lambda: _predicate(doc, heads, inside, protected),
    )
    if modifier_only:
        strategies = strategies[:1]
    chosen = next((p for p in (free(s()) for s in strategies) if p is not None), None)
    if chosen is None and modifier_only:
        return free(_bare_noun_modifier(doc, tokens))
    if modifier_only:
        return chosen  # a loose modifier leaves its head whole: « refuse de payer [par principe] » still reads
    if chosen is None:
        chosen = _minimal(doc, tokens, inside, protected)
    return _stranded(doc, chosen, unit, protected)


def _touches(token: Token, protected: list[tuple[int, int]]) -> bool:
    return any(token.idx < high and low < token.idx + len(token) for low, high in protected)


def _extra_content(doc: Doc, pruning: Pruning, start: int, end: int) -> int:
    """Content words a pruning would take besides the sensitive span itself."""
    return sum(
        1 for i in pruning.removed
        if not (start <= doc[i].idx < end) and doc[i].pos_ not in FUNCTION_POS and not doc[i].is_punct
        and doc[i].pos_ != "NUM"
    )


def _subtree(token: Token, inside: set[int]) -> set[int]:
    return {t.i for t in token.subtree if t.i in inside}


def _contiguous(indices: set[int]) -> bool:
    return bool(indices) and max(indices) - min(indices) + 1 == len(indices)


def _unit_root(doc: Doc, inside: set[int]) -> int:
    """The token of the unit whose head lies outside it (the first one when the parse gives several)."""
    return min(i for i in inside if doc[i].head.i not in inside or doc[i].head.i == i)


def _with_left_markers(doc: Doc, indices: set[int], inside: set[int]) -> set[int]:
    """Add the cause words and function words that introduce the phrase (« car en », « because of »)."""
    first = min(indices)
    while first - 1 in inside:
        previous = doc[first - 1]
        if previous.lower_ in CAUSE_WORDS or (
            previous.pos_ in {"ADP", "DET", "CCONJ", "SCONJ"} and previous.head.i in indices
        ):
            first -= 1
            indices = indices | {first}
        else:
            break
    return indices


def _modifier(doc: Doc, heads: list[Token], inside: set[int], *, prepositional: bool = False) -> Pruning | None:
    """A modifier phrase; with `prepositional`, also a phrase a preposition opens that the parse calls an
    argument (« refuse de payer [par principe] »: French UD attaches it as obl:arg)."""
    if not all(head.dep_ in MODIFIER_DEPS or (prepositional and _prepositional(head)) for head in heads):
        return None
    indices: set[int] = set()
    for head in heads:
        indices |= _subtree(head, inside)
    top = min(heads, key=lambda t: t.i)
    parent = top.head
    # « d'origine turque »: an adjective whose noun says nothing else takes the noun's phrase along (not one of our
    # objects: « pour le dossier [naissance] » keeps its « dossier »).
    if top.dep_ == "amod" and parent.dep_ in MODIFIER_DEPS and parent.pos_ == "NOUN" and parent.i in inside:
        rest = _subtree(parent, inside) - indices - {parent.i}
        noun = fold_plain(parent.text)
        if all(doc[i].pos_ in FUNCTION_POS for i in rest) and noun not in CUSTOMER_NOUNS and noun not in BUSINESS_NOUNS:
            indices |= _subtree(parent, inside)
            parent = parent.head
    # Climb through a preposition that only introduces this phrase (« because of his X »).
    while parent.pos_ in {"ADP", "SCONJ"} and parent != parent.head and parent.i in inside:
        rest = _subtree(parent, inside) - indices
        if all(doc[i].pos_ in FUNCTION_POS for i in rest):
            indices |= _subtree(parent, inside)
            parent = parent.head
        else:
            break
    indices = _with_left_markers(doc, indices, inside)
    if not _contiguous(indices) or _unit_root(doc, inside) in indices:
        return None
    return Pruning(frozenset(indices), "", "modifier")


def _bare_noun_modifier(doc: Doc, tokens: list[Token]) -> Pruning | None:
    """« le dossier [naissance] »: a lone noun right after a noun, whatever the parse made of it (French parses
    a bare noun-noun compound as a root as often as a modifier)."""
    if len(tokens) != 1 or tokens[0].pos_ != "NOUN" or tokens[0].i == 0 or doc[tokens[0].i - 1].pos_ != "NOUN":
        return None
    if any(not child.is_punct and child.i > tokens[0].i for child in tokens[0].children):
        return None  # it has complements of its own (what the parse hung before it is not its phrase)
    return Pruning(frozenset({tokens[0].i}), "", "modifier")


def _prepositional(token: Token) -> bool:
    return token.dep_ in {"obl:arg", "obj"} and any(c.dep_ == "case" and c.i < token.i for c in token.children)


def _gender(tokens: list[Token]) -> str:
    genders = {g for t in tokens for g in t.morph.get("Gender")}
    return "Fem" if genders == {"Fem"} else "Masc"


def _person_noun(tokens: list[Token], heads: list[Token], lang: str, category: str) -> Pruning | None:
    """An insulting or origin noun naming the person after a determiner: « le [insult] du 3e » → « le client du 3e »."""
    if category not in PERSON_NOUN_CATEGORIES or len(heads) != 1 or heads[0].pos_ not in {"NOUN", "PROPN"}:
        return None
    head = heads[0]
    if not any(child.dep_ == "det" and child.i < tokens[0].i for child in head.children):
        return None
    noun = NEUTRAL_NOUN.get(lang, NEUTRAL_NOUN["fr"])[_gender([head])]
    return Pruning(frozenset(t.i for t in tokens), noun, "noun", tokens[0].i)


def _subject(doc: Doc, tokens: list[Token], heads: list[Token], inside: set[int], lang: str) -> Pruning | None:
    if len(heads) != 1 or heads[0].dep_ not in SUBJECT_DEPS or heads[0].pos_ not in {"NOUN", "PROPN", "ADJ"}:
        return None
    indices = _subtree(heads[0], inside)
    after = max(indices) + 1
    # A fronted phrase set off by punctuation is no subject that a neutral one could replace.
    if not _contiguous(indices) or after not in inside or doc[after].is_punct:
        return None
    subject = NEUTRAL_SUBJECT.get(lang, NEUTRAL_SUBJECT["fr"])[_gender(tokens)]
    return Pruning(frozenset(indices), subject, "subject", min(indices))


def _predicate(doc: Doc, heads: list[Token], inside: set[int], protected: list[tuple[int, int]]) -> Pruning | None:
    if len(heads) != 1:
        return None
    head = heads[0]
    if head.dep_ in COMPLEMENT_DEPS and head.head.i in inside:
        predicate = head.head
    elif head.dep_ == "ROOT" or head.head.i not in inside or any(c.dep_ in {"cop", "nsubj"} for c in head.children):
        predicate = head
    else:
        return None
    # the subject of the main clause stays (« Le client [est diabétique] »); a subordinate clause goes whole
    # (« voulait savoir [si la mutuelle couvre la PMA] »)
    main = predicate.head.i not in inside or predicate.head == predicate
    keep: set[int] = set()
    for child in predicate.children:
        subtree = _subtree(child, inside)
        if (child.dep_ in SUBJECT_DEPS and main) or child.is_punct or any(_touches(doc[i], protected) for i in subtree):
            keep |= subtree
    indices = _with_left_markers(doc, _subtree(predicate, inside) - keep, inside)
    return Pruning(frozenset(indices), "", "predicate") if indices else None


def _minimal(doc: Doc, tokens: list[Token], inside: set[int], protected: list[tuple[int, int]]) -> Pruning:
    indices = {t.i for t in tokens}
    for token in tokens:
        indices |= {
            child.i for child in token.children
            if child.dep_ in {"det", "case", "cc", "mark", "advmod"} and child.i < token.i and child.i in inside
        }
    indices = set(range(min(indices), max(indices) + 1))
    indices = _with_left_markers(doc, indices, inside)
    return Pruning(frozenset(i for i in indices if not _touches(doc[i], protected)), "", "minimal")


def _stranded(doc: Doc, pruning: Pruning, unit: list[Token], protected: list[tuple[int, int]]) -> Pruning:
    """Also remove each head whose complements the pruning took and that has nothing else to say."""
    removed = set(pruning.removed)
    inside = {t.i for t in unit}
    changed = True
    while changed:
        changed = False
        for token in unit:
            if token.i in removed or token.pos_ not in STRANDABLE_POS or _touches(token, protected):
                continue
            children = [c for c in token.children if c.i in inside and not c.is_punct]
            lost = [c for c in children if c.i in removed and c.dep_ not in SERVING_DEPS]
            left = [
                c for c in children
                if c.i not in removed and c.dep_ not in SUBJECT_DEPS and c.dep_ not in SERVING_DEPS
            ]
            if not lost or left:
                continue
            serving = {i for c in children if c.dep_ in SERVING_DEPS for i in _subtree(c, inside)}
            removed |= {token.i} | {i for i in serving if not _touches(doc[i], protected)}
            changed = True
    return Pruning(frozenset(removed), pruning.replacement, pruning.how, pruning.at)
