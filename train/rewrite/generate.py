"""Build the rewrite corpus (flagged comment → neutral rewrite, clean comment → itself) from the fragment libraries.

    python -m train.rewrite.generate [--out train/rewrite/corpus.jsonl] [--seed 13]

Each comment is assembled from a subject, a business predicate of one sector with its facts, optional
history and follow-up sentences, and zero to three sensitive fragments (a statement after the subject, an
insult in its place, a whole sentence, a judgement hiding a fact, an identifier). The rewrite is built from
the same pieces minus each sensitive statement, so it keeps every business fact verbatim. A style is then
applied to both sides alike: plain, SMS spelling, capitals, a long note, several statements, identifiers.

The held-out split uses sensitive fragments and hard negatives that the training split never sees
(every HELDOUT_EVERY-th of each list), so it measures generalisation to unseen statements.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from assistant.evaluation.judges import leaked_cues
from train.rewrite import fragments_en, fragments_fr

DEFAULT_OUT = Path(__file__).resolve().parent / "corpus.jsonl"
SEED = 13
SIZES = {"train": {"fr": 2600, "en": 1000}, "heldout": {"fr": 280, "en": 110}}
HELDOUT_EVERY = 6  # one sensitive fragment in six is reserved for the held-out split
CLEAN_SHARE = 0.2
STYLES = ("plain", "plain", "plain", "sms", "caps", "long", "multi", "ident")
SECTORS = tuple(fragments_fr.PREDICATES)
CATEGORIES = ("ORIGIN", "POLITICAL", "RELIGION", "UNION", "HEALTH", "SEXUAL", "CRIMINAL", "INSULT")
IDENTIFIER_TYPES = {"card": "CREDIT_CARD", "iban": "IBAN_CODE", "nir": "FR_NIR"}

_GENDER = re.compile(r"\{([^{}|]*)\|([^{}|]*)\}")
_FACT = re.compile(r"\[([A-Z_0-9]+)\]")
_SMS_WORDS = {
    "fr": {
        "pour": "pr", "dans": "ds", "toujours": "tjrs", "beaucoup": "bcp", "rendez-vous": "rdv", "quand": "qd",
        "avec": "avc", "demande": "dde", "commande": "cde", "téléphone": "tel", "message": "msg", "client": "clt",
        "cliente": "clte", "semaine": "sem", "aujourd'hui": "ajd", "rappel": "rapl", "souhaite": "veut",
    },
    "en": {
        "you": "u", "are": "r", "please": "pls", "because": "cuz", "customer": "cust", "thanks": "thx",
        "message": "msg", "appointment": "appt", "tomorrow": "tmrw", "with": "w",
    },
}
_FR_MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()
_EN_MONTHS = "January February March April May June July August September October November December".split()
_NAMES = (
    "Dupont Martin Lefèvre Nguyen Haddad Moreau Garcia Petit Rousseau Benali Kowalski Diallo Fontaine Roux "
    "Lambert Girard Mercier Bonnet Traoré Da Silva Perrin Chevalier Morel Blanc Guerin Faure Andre Mathieu"
).split()
_EN_NAMES = "Smith Jones Taylor Brown Wilson Patel Evans Khan Walker Wright Green Hughes Clarke Murphy".split()
_PLANS_T = ["Fibre Max", "Box Essentiel", "5G 100 Go", "Série Spéciale", "Duo"]
_PLANS_G = ["Premium", "Zen", "Illimitée", "Duo", "Étudiant"]


@dataclass
class Piece:
    """A part of a comment: its original text, what the rewrite keeps of it, and what it reveals."""

    original: str
    rewrite: str
    cues: list[str] = field(default_factory=list)
    category: str | None = None
    pii: list[dict[str, str]] = field(default_factory=list)
    need: str | None = None


class Facts:
    """Random business facts (ids, dates, amounts…) drawn for one comment, remembered so they can be kept."""

    def __init__(self, rng: random.Random, lang: str) -> None:
        self.rng, self.lang = rng, lang
        self.drawn: list[str] = []
        self.pii: list[dict[str, str]] = []

    def fill(self, text: str, *, keep: bool = True) -> str:
        def draw(match: re.Match[str]) -> str:
            kind = match.group(1)
            value = getattr(self, f"_{kind.lower()}")()
            if kind in ("CARD", "IBAN", "NIR"):
                self.pii.append({"type": IDENTIFIER_TYPES[kind.lower()], "text": value})
            elif keep and kind not in ("NAME", "EXP", "CVV"):
                self.drawn.append(value)
            return value

        return _FACT.sub(draw, text)

    def _digits(self, count: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(count))

    def _code(self, prefixes: list[str], digits: tuple[int, int]) -> str:
        prefix = self.rng.choice(prefixes)
        return f"{prefix}{self.rng.randint(10 ** (digits[0] - 1), 10 ** digits[1] - 1)}"

    def _date(self) -> str:
        day, month = self.rng.randint(1, 28), self.rng.randint(1, 12)
        forms = [f"{day:02d}/{month:02d}", f"{day}/{month:02d}/2027"]
        months = _FR_MONTHS if self.lang == "fr" else _EN_MONTHS
        forms.append(f"{day} {months[month - 1]}")
        return self.rng.choice(forms)

    _date2 = _date
    _date_word = _date

    def _amt(self) -> str:
        rng = self.rng
        value = rng.choice([rng.randint(5, 400), rng.randint(100, 4000) / 10, rng.randint(5, 90) * 10])
        if self.lang == "fr":
            number = f"{value:.2f}".replace(".", ",") if isinstance(value, float) else str(value)
            return self.rng.choice([f"{number} €", f"{number}€", f"{number} euros"])
        number = f"{value:.2f}" if isinstance(value, float) else str(value)
        return self.rng.choice([f"£{number}", f"€{number}", f"${number}"])

    def _time(self, earliest: int = 8) -> str:
        hour, minute = self.rng.randint(earliest, earliest + 4), self.rng.choice([0, 15, 30, 45])
        if self.lang == "fr":
            return self.rng.choice([f"{hour}h{minute:02d}", f"{hour}h"]) if minute == 0 else f"{hour}h{minute:02d}"
        return f"{hour}:{minute:02d}"

    def _time2(self) -> str:
        return self._time(earliest=14)

    def _phone(self) -> str:
        if self.lang == "fr":
            return "0" + self.rng.choice("67") + "".join(f" {self._digits(2)}" for _ in range(4))
        return f"07700 900{self._digits(3)}"

    def _email(self) -> str:
        name = self.rng.choice(_NAMES + _EN_NAMES).lower().replace(" ", "")
        number = self.rng.randint(1, 99)
        return f"{name}{number}@{self.rng.choice(['mail.fr', 'example.com', 'orange.fr', 'gmail.com'])}"

    def _name(self) -> str:
        return self.rng.choice(_NAMES if self.lang == "fr" else _EN_NAMES + _NAMES[:6])

    def _ord(self) -> str:
        return self.rng.choice([self._code(["CMD-", "A-", "WEB-"], (5, 6)), f"{self._digits(3)}-{self._digits(3)}"])

    def _tkt(self) -> str:
        return self._code(["TK-", "INC00", "SAV-"], (5, 5))

    def _inv(self) -> str:
        return self.rng.choice([self._code(["F-", "FA"], (4, 6)), f"FAC-2026-{self._digits(4)}"])

    def _loan(self) -> str:
        return self._code(["PR-", "PRET-"], (5, 6))

    def _acc(self) -> str:
        return self._code(["LA-", "LDD-"], (6, 7))

    def _claim(self) -> str:
        return self.rng.choice([f"SIN-2026-{self._digits(4)}", self._code(["CLM-", "S"], (6, 7))])

    def _ctr(self) -> str:
        return self._code(["C-", "CT-", "POL-"], (5, 6))

    def _plate(self) -> str:
        letters = "ABCDEFGHJKLMNPRSTVWXYZ"
        pick = lambda n: "".join(self.rng.choice(letters) for _ in range(n))  # noqa: E731
        if self.lang == "fr":
            return f"{pick(2)}-{self._digits(3)}-{pick(2)}"
        return f"{pick(2)}{self._digits(2)} {pick(3)}"

    def _kwh(self) -> str:
        return str(self.rng.randint(1200, 48000))

    def _pdl(self) -> str:
        return self._digits(14)

    def _sku(self) -> str:
        return self._code(["REF-", "SKU-", "ART"], (5, 6))

    def _res(self) -> str:
        return self._code(["R-", "RES-", "BK"], (5, 6))

    def _pnr(self) -> str:
        return "".join(self.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))

    def _flight(self) -> str:
        return f"{self.rng.choice(['AF', 'U2', 'TO', 'BA', 'KL'])}{self.rng.randint(100, 9999)}"

    def _lot(self) -> str:
        return f"{self.rng.choice('ABCD')}{self.rng.randint(10, 420)}"

    def _dos(self) -> str:
        return self.rng.choice([f"DOS-2026-{self._digits(5)}", self._code(["ANTS-", "D"], (7, 8))])

    def _ref(self) -> str:
        return self._code(["AV-", "REC-", "N°"], (6, 8))

    def _parcel(self) -> str:
        return f"{self.rng.randint(1, 9)}{self.rng.choice('AVLX')}{self._digits(11)}"

    def _member(self) -> str:
        return self._code(["ADH-", "M"], (5, 6))

    def _plan_t(self) -> str:
        return self.rng.choice(_PLANS_T)

    def _plan_g(self) -> str:
        return self.rng.choice(_PLANS_G)

    def _month(self) -> str:
        return self.rng.choice(_FR_MONTHS if self.lang == "fr" else _EN_MONTHS)

    def _dur(self) -> str:
        return str(self.rng.randint(5, 45))

    def _last4(self) -> str:
        return self._digits(4)

    def _exp(self) -> str:
        return f"{self.rng.randint(1, 12):02d}/{self.rng.randint(27, 31)}"

    def _cvv(self) -> str:
        return self._digits(3)

    def _card(self) -> str:
        prefix = self.rng.choice(["4", "51", "53", "55"])
        digits = [int(d) for d in prefix + self._digits(15 - len(prefix))]
        digits.append(_luhn_digit(digits))
        number = "".join(map(str, digits))
        separator = self.rng.choice([" ", "", "-"])
        return separator.join(number[i:i + 4] for i in range(0, 16, 4))

    def _iban(self) -> str:
        bban = self._digits(10) + self._digits(11) + f"{self.rng.randint(1, 97):02d}"
        check = 98 - int(_iban_digits(bban + "FR00")) % 97
        iban = f"FR{check:02d}{bban}"
        return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4)) if self.rng.random() < 0.7 else iban

    def _nir(self) -> str:
        body = (f"{self.rng.choice('12')}{self.rng.randint(40, 99)}{self.rng.randint(1, 12):02d}"
                f"{self.rng.randint(1, 95):02d}{self._digits(3)}{self._digits(3)}")
        key = 97 - int(body) % 97
        if self.rng.random() < 0.6:
            return f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]} {key:02d}"
        return f"{body}{key:02d}"


def _luhn_digit(digits: list[int]) -> int:
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2 == 0:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return (10 - total % 10) % 10


def _iban_digits(text: str) -> str:
    return "".join(str(int(char, 36)) for char in text)


def agree(text: str, gender: str) -> str:
    """Expand `{m|f}` and `{e}` for the subject's gender."""
    text = text.replace("{e}", "{|e}")
    return _GENDER.sub(lambda m: m.group(1) if gender == "m" else m.group(2), text)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", ":", "!", "?")) else text + "."


class Library:
    """One language's fragments, split into the training or the held-out share."""

    def __init__(self, module: ModuleType, split: str) -> None:
        self.module = module
        self.leads = {cat: _share(items, split) for cat, items in module.LEADS.items()}
        self.sentences = {cat: _share(items, split) for cat, items in module.SENTENCES.items()}
        self.openers = _share(module.INSULT_OPENERS, split)
        self.insult_facts = _share(module.INSULT_FACTS, split)
        self.identifiers = _share(module.IDENTIFIERS, split)
        self.negatives = _share(module.HARD_NEGATIVES, split)


def _share(items: list, split: str) -> list:
    """Every HELDOUT_EVERY-th item (from the third) for the held-out split, the rest for training."""
    held = [item for index, item in enumerate(items) if index % HELDOUT_EVERY == 2]
    return held if split == "heldout" else [item for item in items if item not in held]


def _fits(fragment: tuple, gender: str) -> bool:
    restriction = fragment[3] if len(fragment) > 3 else None
    return restriction in (None, gender)


class Builder:
    """Assembles one comment and its rewrite."""

    def __init__(self, rng: random.Random, lang: str, library: Library) -> None:
        self.rng, self.lang, self.lib = rng, lang, library
        self.m = library.module

    def subject(self, sector: str, gender: str, facts: Facts) -> str:
        options = self.m.SUBJECTS[gender] + self.m.SECTOR_SUBJECTS[sector][gender] * 2
        return facts.fill(self.rng.choice(options), keep=False)

    def lead(self, category: str, gender: str, subject: str) -> Piece | None:
        options = [f for f in self.lib.leads.get(category, []) if _fits(f, gender)]
        if not options:
            return None
        fragment = self.rng.choice(options)
        original = agree(fragment[0], gender).replace("{S}", subject)
        rewrite = agree(fragment[1], gender).replace("{S}", subject)
        if not original.endswith(",") and self.rng.random() < 0.5:
            original += ","
        return Piece(original, rewrite, [agree(c, gender) for c in fragment[2]], category)

    def sentence(self, category: str, gender: str, facts: Facts) -> Piece | None:
        options = [f for f in self.lib.sentences.get(category, []) if _fits(f, gender)]
        if not options:
            return None
        fragment = self.rng.choice(options)
        original = facts.fill(agree(fragment[0], gender).replace("{DATE_WORD}", "[DATE]"))
        kept = fragment[1]
        rewrite = ""
        if kept:
            # the need keeps the same facts as the original sentence: refill it from the original's values
            rewrite = _same_facts(agree(kept, gender).replace("{DATE_WORD}", "[DATE]"), original)
        need = rewrite.rstrip(".") or None
        return Piece(original, rewrite, [agree(c, gender) for c in fragment[2]], category, need=need)

    def opener(self, gender: str) -> Piece | None:
        options = [f for f in self.lib.openers if f[2] in (None, gender)]
        if not options:
            return None
        text, cues, _ = self.rng.choice(options)
        return Piece(text + ",", self.m.NEUTRAL[gender], cues, "INSULT")

    def insult_fact(self, gender: str, subject: str) -> Piece | None:
        options = [f for f in self.lib.insult_facts if _fits(f, gender)]
        if not options:
            return None
        fragment = self.rng.choice(options)
        original = agree(fragment[0], gender).replace("{S}", subject)
        rewrite = agree(fragment[1], gender).replace("{S}", subject)
        return Piece(original, rewrite, [agree(c, gender) for c in fragment[2]], "INSULT", need=rewrite)

    def identifier(self, facts: Facts) -> Piece:
        original, rewrite, _kind = self.rng.choice(self.lib.identifiers)
        before = len(facts.pii)
        filled = facts.fill(original)
        rewrite = _same_facts(rewrite, filled)
        new = facts.pii[before:]
        return Piece(filled, rewrite, [p["text"] for p in new], None, pii=new)


def _same_facts(template: str, original: str) -> str:
    """A rewrite template filled with the values its original already drew, in order of appearance."""
    return template if "[" not in template else _FACT.sub(lambda m: _pop_value(original, m.group(1)), template)


def _pop_value(original: str, kind: str) -> str:
    # The only placeholder a kept need re-uses is a date: take the original's first date-looking value.
    match = re.search(r"\d{1,2}/\d{2}(?:/\d{4})?|\d{1,2} [A-Za-zéû]+", original)
    if match is None:
        raise ValueError(f"no {kind} to reuse in {original!r}")
    return match.group()


def compose(rng: random.Random, lang: str, library: Library, index: int, clean: bool) -> dict[str, object]:
    """One corpus record (schema of eval/data/comments.jsonl, plus `style`, `sector`, `split`)."""
    builder = Builder(rng, lang, library)
    facts = Facts(rng, lang)
    sector = rng.choice(SECTORS)
    gender = rng.choice("mf")
    style = rng.choice(STYLES) if not clean else rng.choice(("plain", "plain", "sms", "caps", "long"))
    subject = builder.subject(sector, gender, facts)
    predicate = facts.fill(rng.choice(builder.m.PREDICATES[sector]))
    pieces_before: list[Piece] = []
    pieces_after: list[Piece] = []
    head = Piece(f"{subject} {predicate}", f"{subject} {predicate}")
    if clean:
        if library.negatives and rng.random() < 0.6:
            text = facts.fill(agree(rng.choice(library.negatives), gender).replace("{S}", subject))
            head = Piece(text, text)
    else:
        count = {"multi": rng.choice((2, 2, 3)), "long": rng.choice((1, 2))}.get(style, 1)
        categories = rng.sample(CATEGORIES, count)
        if style == "ident":
            categories = categories[:1] if rng.random() < 0.35 else []
        head, extra = _sensitive(builder, categories, gender, subject, predicate, facts)
        pieces_after += extra
        if style == "ident" or (style in ("long", "multi") and rng.random() < 0.2):
            identifier = builder.identifier(facts)
            if rng.random() < 0.5:
                head = Piece(f"{head.original}, {identifier.original}", f"{head.rewrite}, {identifier.rewrite}",
                             head.cues + identifier.cues, head.category, identifier.pii)
            else:
                pieces_after.insert(0, Piece(_sentence(_capitalise(identifier.original)),
                                             _sentence(_capitalise(identifier.rewrite)), identifier.cues, None,
                                             identifier.pii))
    follow_count = {"long": rng.randint(2, 3), "multi": rng.randint(0, 1)}.get(style, rng.choice((0, 0, 1)))
    follows = [facts.fill(agree(f, gender)) for f in rng.sample(builder.m.FOLLOW_UPS, follow_count)]
    if style == "long":
        pieces_before.append(Piece(facts.fill(rng.choice(builder.m.HISTORY)), ""))
    sentences = _order(rng, head, pieces_after, follows)
    original = " ".join(p for p in [*(b.original for b in pieces_before), *(s[0] for s in sentences)] if p)
    rewrite = " ".join(p for p in [*(b.original for b in pieces_before), *(s[1] for s in sentences)] if p)
    all_pieces = [head, *pieces_after]
    cues = [c for p in all_pieces for c in p.cues]
    needs = [p.need for p in all_pieces if p.need]
    pii = [entry for p in all_pieces for entry in p.pii]
    original, rewrite, cues, kept = _style(rng, lang, style, original, rewrite, cues, facts.drawn + needs)
    categories = sorted({p.category for p in all_pieces if p.category})
    flagged = bool(categories or pii)
    if not flagged:
        rewrite = original
    return {
        "id": f"{lang}-{index:05d}", "lang": lang, "text": original, "flag": flagged, "categories": categories,
        "pii": pii, "keep": [k for k in dict.fromkeys(kept) if k and k in rewrite],
        "cues": [c for c in dict.fromkeys(cues) if leaked_cues(original, [c])] if flagged else [], "reference": rewrite,
        "style": style, "sector": sector,
    }


def _sensitive(
    builder: Builder, categories: list[str], gender: str, subject: str, predicate: str, facts: Facts
) -> tuple[Piece, list[Piece]]:
    """The head sentence (subject, predicate and at most one statement inside it) and sensitive sentences."""
    rng = builder.rng
    head = Piece(f"{subject} {predicate}", f"{subject} {predicate}")
    extra: list[Piece] = []
    for position, category in enumerate(categories):
        piece = None
        if position == 0:
            choice = rng.random()
            if category == "INSULT" and choice < 0.3:
                piece = builder.opener(gender)
                if piece is not None:
                    head = Piece(f"{piece.original} {predicate}", f"{piece.rewrite} {predicate}", piece.cues, "INSULT")
                    continue
            if category == "INSULT" and choice < 0.55:
                piece = builder.insult_fact(gender, subject)
                if piece is not None:
                    head = Piece(f"{piece.original}. {_capitalise(predicate)}",
                                 f"{piece.rewrite}. {_capitalise(predicate)}", piece.cues, "INSULT")
                    continue
            if choice < 0.6:
                piece = builder.lead(category, gender, subject)
                if piece is not None:
                    head = Piece(f"{piece.original} {predicate}", f"{piece.rewrite} {predicate}", piece.cues, category)
                    continue
        piece = builder.sentence(category, gender, facts)
        if piece is None:
            piece = builder.lead(category, gender, subject)
            if piece is not None and head.category is None:
                head = Piece(f"{piece.original} {predicate}", f"{piece.rewrite} {predicate}", piece.cues, category)
            continue
        extra.append(piece)
    return head, extra


def _order(rng: random.Random, head: Piece, extra: list[Piece], follows: list[str]) -> list[tuple[str, str]]:
    """Sentences in reading order: the head first (sometimes after a sensitive sentence), then the rest."""
    first = [(_sentence(head.original), _sentence(head.rewrite))]
    rest = [(_sentence(p.original), _sentence(p.rewrite) if p.rewrite else "") for p in extra]
    rest += [(f, f) for f in follows]
    rng.shuffle(rest)
    if rest and rest[0][1] != rest[0][0] and rng.random() < 0.3:
        return [rest[0], *first, *rest[1:]]
    return first + rest


def _style(
    rng: random.Random, lang: str, style: str, original: str, rewrite: str, cues: list[str], keep: list[str]
) -> tuple[str, str, list[str], list[str]]:
    if style == "caps":
        return original.upper(), rewrite.upper(), cues, [k.upper() for k in keep]
    if style == "sms":
        strip = rng.random() < 0.6

        def sms(text: str) -> str:
            return _sms(text, lang, strip)

        return sms(original), sms(rewrite), [sms(c) for c in cues], [sms(k) for k in keep]
    return original, rewrite, cues, keep


def _sms(text: str, lang: str, strip_accents: bool) -> str:
    words = _SMS_WORDS[lang]

    def word(match: re.Match[str]) -> str:
        token = match.group()
        if any(char.isdigit() for char in token) or "@" in token:
            return token
        lowered = token.lower()
        lowered = words.get(lowered, lowered)
        if strip_accents:
            lowered = "".join(c for c in unicodedata.normalize("NFD", lowered) if unicodedata.category(c) != "Mn")
        return lowered

    result = re.sub(r"[\w@.'’-]*\w", word, text)
    return result[:-1] if result.endswith(".") else result


def build(seed: int = SEED) -> list[dict[str, object]]:
    """Every record of both splits, in a fixed order for a given seed."""
    rng = random.Random(seed)
    records: list[dict[str, object]] = []
    modules = {"fr": fragments_fr, "en": fragments_en}
    index = 0
    for split, sizes in SIZES.items():
        for lang, size in sizes.items():
            library = Library(modules[lang], split)
            for _ in range(size):
                index += 1
                record = compose(rng, lang, library, index, clean=rng.random() < CLEAN_SHARE)
                record["split"] = split
                records.append(record)
    return records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    records = build(args.seed)
    with args.out.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(records)} records written to {args.out}")


if __name__ == "__main__":
    main()
