"""The training corpus: hand-written evidence phrases (train/detect/corpus/*.yaml) turned into sentences.

Each corpus file names its labels (one category, two for stereotypes, none for neutral facts) and
lists `positive` and `negative` phrases per language. Every phrase gives three sentences:

    phrase            ──► as written, person slots filled ({m} a man, {f} a woman, {p} anyone)
                      ──► framed: with a subject and a neutral business fact of the same language
                      ──► noisy: the framed sentence in text-speak, capitals, without accents or with a typo

so the classifier learns the evidence, not the frame or the spelling. A fixed seed makes it
deterministic; `group` ties the three sentences of a phrase together, so cross-validation holds whole
phrases out.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from assistant.text import fold_plain, words

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
SEED = 20261130
_OPENS_WITH_PERSON = re.compile(  # a phrase that already names its subject gets no other
    r"(?i)(?:m\.|mme|mr|mrs|ms|monsieur|madame|client|cliente|customer|caller|he|she|il|elle"
    r"|le |la |the |son |sa |his |her )")
SECTIONS = ("positive", "negative")

SUBJECTS = {
    "fr": {
        "m": ["M. Martin", "M. Petit", "Monsieur", "le client", "Mr Dubois", "M. Haddad", "M. Nguyen", "l'abonné",
              "le locataire", "M. Lefèvre", "cl.", "Monsieur Garcia", "le titulaire"],
        "f": ["Mme Martin", "Mme Petit", "Madame", "la cliente", "Mme Dubois", "Mme Haddad", "Mme Nguyen",
              "l'abonnée", "la locataire", "Mme Lefèvre", "Madame Garcia", "la titulaire", "Mlle Roux"],
    },
    "en": {
        "m": ["Mr Smith", "Mr Patel", "the customer", "he", "Mr Jones", "the caller", "Mr O'Brien", "the tenant"],
        "f": ["Mrs Smith", "Ms Patel", "the customer", "she", "Mrs Jones", "the caller", "Miss Khan", "the tenant"],
    },
}
FRAMES = ["{subject} {phrase}, {fact}", "{phrase}, {fact}", "{fact}, {phrase}", "{subject} {phrase}",
          "{subject}, {phrase}"]
SMS = {
    "fr": {"que": "ke", "qui": "ki", "pour": "pr", "avec": "ac", "quoi": "koi", "pas": "pa", "très": "tré",
           "beaucoup": "bcp", "toujours": "tjrs", "c'est": "c", "rendez-vous": "rdv", "client": "cl",
           "cliente": "cl", "demain": "dem1", "aujourd'hui": "auj", "quand": "qd", "comme": "cm",
           "je comprends": "jcomprend", "il est": "il é", "elle est": "elle é", "sont": "s", "dans": "ds"},
    "en": {"you": "u", "are": "r", "please": "pls", "thanks": "thx", "because": "coz", "with": "w/",
           "customer": "cust", "tomorrow": "tmrw", "before": "b4", "for": "4", "to": "2", "see": "c"},
}


@dataclass(frozen=True, slots=True)
class Example:
    """One training sentence, its categories, and the phrase it came from."""

    text: str
    lang: str
    labels: tuple[str, ...]
    group: str


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str
    lang: str
    labels: tuple[str, ...]
    group: str


def load_phrases(directory: Path = CORPUS_DIR) -> list[Phrase]:
    """Every phrase of every corpus file, labelled; a malformed file fails with its name."""
    phrases = []
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or set(data) != {"labels", *SECTIONS}:
            raise ValueError(f"{path.name}: expected exactly the keys labels, positive, negative.")
        for section in SECTIONS:
            for lang, entries in (data[section] or {}).items():
                labels = tuple(data["labels"]) if section == "positive" else ()
                for number, text in enumerate(entries):
                    if not isinstance(text, str):  # « adresse : prison » unquoted is a YAML mapping
                        raise ValueError(f"{path.name}: {section}/{lang} entry {number} is not a plain phrase "
                                         f"({text!r}); quote it.")
                    phrases.append(Phrase(text, lang, labels, f"{path.stem}:{section}:{lang}:{number}"))
    return phrases


def dev_copies(phrases: list[Phrase], dev_texts: list[str], n: int = 4) -> list[str]:
    """Phrases that share at least half of their word n-grams with a dev comment: the corpus must not
    copy the sets the detector is measured on."""
    def grams(text: str) -> set[tuple[str, ...]]:
        tokens = [match.group() for match in words(fold_plain(text))]
        return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}

    dev = set().union(*(grams(text) for text in dev_texts))
    copies = []
    for phrase in phrases:
        own = grams(re.sub(r"\{[mfp]\}", "", phrase.text))
        if own and len(own & dev) / len(own) >= 0.5:
            copies.append(phrase.text)
    return copies


def generate(phrases: list[Phrase], seed: int = SEED) -> list[Example]:
    """Three sentences per phrase (as written, framed, noisy), deterministic for a seed."""
    rng = random.Random(seed)
    facts = {lang: [p.text for p in phrases if p.lang == lang and p.group.startswith("neutral:")]
             for lang in SUBJECTS}
    examples = []
    for phrase in phrases:
        plain = _fill(phrase.text, phrase.lang, rng)
        framed = _frame(phrase, plain, facts[phrase.lang], rng)
        noisy = _noise(framed, phrase.lang, rng)
        for text in dict.fromkeys((plain, framed, noisy)):
            examples.append(Example(text, phrase.lang, phrase.labels, phrase.group))
    return examples


def _fill(text: str, lang: str, rng: random.Random) -> str:
    subjects = SUBJECTS[lang]
    text = text.replace("{m}", rng.choice(subjects["m"])).replace("{f}", rng.choice(subjects["f"]))
    text = text.replace("{p}", rng.choice(subjects["m"] + subjects["f"]))
    return text[:1].upper() + text[1:] if rng.random() < 0.5 else text


def _frame(phrase: Phrase, plain: str, facts: list[str], rng: random.Random) -> str:
    has_subject = "{" in phrase.text or _OPENS_WITH_PERSON.match(phrase.text) is not None
    frames = [f for f in FRAMES if "{subject}" not in f] if has_subject else FRAMES
    fact = rng.choice([f for f in facts if f != phrase.text] or facts)
    subject = rng.choice(SUBJECTS[phrase.lang]["m"] + SUBJECTS[phrase.lang]["f"])
    return rng.choice(frames).format(subject=subject, phrase=plain[:1].lower() + plain[1:], fact=fact)


def _noise(text: str, lang: str, rng: random.Random) -> str:
    kind = rng.choice(("sms", "capitals", "accents", "typo", "lower"))
    if kind == "capitals":
        return text.upper()
    if kind == "accents":
        return _strip_accents(text)
    if kind == "lower":
        return text.lower()
    if kind == "sms":
        for word, short in SMS[lang].items():
            text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", short, text, flags=re.IGNORECASE)
        return _strip_accents(text) if rng.random() < 0.5 else text
    words = [m for m in re.finditer(r"[^\W\d]{5,}", text)]
    if not words:
        return text
    word = rng.choice(words)
    position = rng.randrange(1, len(word.group()) - 1)
    chars = list(word.group())
    if rng.random() < 0.5:
        chars[position], chars[position + 1] = chars[position + 1], chars[position]
    else:
        del chars[position]
    return text[:word.start()] + "".join(chars) + text[word.end():]


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
