"""Evaluate the embedded naive Bayes spam model on the labelled comment set.

Run from the project root, without Django:

    .venv/bin/python bench/spam_eval.py
    .venv/bin/python bench/spam_eval.py --folds 10 --seed 7 --threshold 0.8

Prints precision, recall, F1, accuracy and false positives on ham for stratified k-fold
cross-validation and for the seeded 70/30 split that tests/comments/test_bayes.py asserts on,
then how scores spread across bands and how long scoring a 2 KB comment takes. Everything but
the timing line is deterministic. "bayes + signals" flags a comment when the Bayes score reaches
the threshold, when it has 3 or more links, or when it scores 0.5 or more and has a link or a
website.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from comments.spam.bayes import NaiveBayesModel, comment_tokens, tokenize  # noqa: E402

DATASET = ROOT / "tests" / "data" / "spam_eval" / "comments.jsonl"
UNSURE_BAND = 0.5  # a Bayes score this high plus a link is enough for the combined rule
MANY_LINKS = 3


@dataclass(frozen=True)
class Scored:
    record: dict
    content_only: float
    all_fields: float

    @property
    def is_spam(self) -> bool:
        return self.record["label"] == "spam"

    @property
    def links(self) -> int:
        return tokenize(self.record["content"]).count("has_url")

    @property
    def has_website(self) -> bool:
        return bool(self.record["url"].strip())


def load(path: Path = DATASET) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def record_tokens(record: dict) -> list[str]:
    return comment_tokens(
        record["content"], author=record["author"], email=record["email"], url=record["url"]
    )


def stratified_folds(records: Sequence[dict], k: int, seed: int) -> list[list[dict]]:
    """Deal each label's shuffled records round-robin into k folds."""
    rng = random.Random(seed)
    folds: list[list[dict]] = [[] for _ in range(k)]
    for label in ("ham", "spam"):
        group = [record for record in records if record["label"] == label]
        rng.shuffle(group)
        for index, record in enumerate(group):
            folds[index % k].append(record)
    return folds


def split(records: Sequence[dict], *, test_share: float, seed: int) -> tuple[list, list]:
    """A stratified train/test split; the same one tests/comments/test_bayes.py uses."""
    rng = random.Random(seed)
    train, test = [], []
    for label in ("ham", "spam"):
        group = [record for record in records if record["label"] == label]
        rng.shuffle(group)
        cut = round(len(group) * test_share)
        test.extend(group[:cut])
        train.extend(group[cut:])
    return train, test


def score(train: Sequence[dict], test: Sequence[dict]) -> list[Scored]:
    content_model, full_model = NaiveBayesModel(), NaiveBayesModel()
    for record in train:
        is_spam = record["label"] == "spam"
        content_model.train(tokenize(record["content"]), is_spam=is_spam)
        full_model.train(record_tokens(record), is_spam=is_spam)
    return [
        Scored(
            record,
            content_model.spam_probability(tokenize(record["content"])),
            full_model.spam_probability(record_tokens(record)),
        )
        for record in test
    ]


def classifiers(threshold: float) -> dict[str, Callable[[Scored], bool]]:
    def signals(item: Scored) -> bool:
        return item.links >= 1 or item.has_website

    def combined(item: Scored) -> bool:
        if item.all_fields >= threshold or item.links >= MANY_LINKS:
            return True
        return item.all_fields >= UNSURE_BAND and signals(item)

    return {
        "signals only (link or website)": signals,
        "bayes, content only": lambda item: item.content_only >= threshold,
        "bayes, content + author fields": lambda item: item.all_fields >= threshold,
        "bayes + signals": combined,
    }


def metrics(scored: Sequence[Scored], predict: Callable[[Scored], bool]) -> dict[str, float]:
    outcomes = Counter((item.is_spam, predict(item)) for item in scored)
    tp, fp = outcomes[True, True], outcomes[False, True]
    fn, tn = outcomes[True, False], outcomes[False, False]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "accuracy": (tp + tn) / len(scored),
        "fp": fp,
        "ham": fp + tn,
        "fn": fn,
    }


def print_table(title: str, scored: Sequence[Scored], threshold: float) -> None:
    print(f"\n{title}")
    print(f"{'method':<34} {'prec':>6} {'recall':>6} {'F1':>6} {'acc':>6} {'FP/ham':>8} {'FN':>4}")
    for name, predict in classifiers(threshold).items():
        m = metrics(scored, predict)
        print(
            f"{name:<34} {m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f} "
            f"{m['accuracy']:>6.3f} {m['fp']:>4}/{m['ham']:<3} {m['fn']:>4}"
        )


def print_bands(scored: Sequence[Scored]) -> None:
    bands = [(0.0, 0.1), (0.1, 0.5), (0.5, 0.9), (0.9, 1.01)]
    print("\nScore bands, bayes content + author fields (cross-validated)")
    print(f"{'band':<12} {'ham':>5} {'spam':>5}")
    for low, high in bands:
        in_band = [item for item in scored if low <= item.all_fields < high]
        ham = sum(not item.is_spam for item in in_band)
        label = f"[{low:.1f}, {min(high, 1.0):.1f}{']' if high > 1 else ')'}"
        print(f"{label:<12} {ham:>5} {len(in_band) - ham:>5}")


def print_misses(scored: Sequence[Scored], threshold: float) -> None:
    missed = Counter(
        item.record["kind"] for item in scored if item.is_spam and item.all_fields < threshold
    )
    flagged = Counter(
        item.record["kind"] for item in scored if not item.is_spam and item.all_fields >= threshold
    )
    print(f"\nSpam missed at {threshold} by kind: {dict(sorted(missed.items())) or 'none'}")
    print(f"Ham flagged at {threshold} by kind: {dict(sorted(flagged.items())) or 'none'}")


def print_timing(records: Sequence[dict]) -> None:
    model = NaiveBayesModel()
    for record in records:
        model.train(record_tokens(record), is_spam=record["label"] == "spam")
    text = " ".join(record["content"] for record in records[::7])[:2048]
    tokens = tokenize(text)
    runs = 500
    timings = {}
    for name, call in {
        "tokenize": lambda: tokenize(text),
        "spam_probability": lambda: model.spam_probability(tokens),
        "both": lambda: model.spam_probability(tokenize(text)),
    }.items():
        samples = []
        for _ in range(5):
            start = time.perf_counter()
            for _ in range(runs):
                call()
            samples.append((time.perf_counter() - start) / runs * 1e6)
        timings[name] = statistics.median(samples)
    print(
        f"\nTiming, 2 KB comment ({len(tokens)} tokens), model of {model.vocabulary_size} tokens "
        f"({len(json.dumps(model.to_dict())) // 1024} KB as JSON): "
        + ", ".join(f"{name} {micros:.0f} us" for name, micros in timings.items())
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--threshold", type=float, default=0.9)
    args = parser.parse_args(argv)

    records = load()
    labels = Counter(record["label"] for record in records)
    print(f"{len(records)} comments: {labels['spam']} spam, {labels['ham']} ham ({DATASET.name})")

    folds = stratified_folds(records, args.folds, args.seed)
    cross_validated: list[Scored] = []
    for index, test in enumerate(folds):
        train = [record for other, fold in enumerate(folds) if other != index for record in fold]
        cross_validated.extend(score(train, test))
    print_table(
        f"{args.folds}-fold stratified cross-validation, seed {args.seed}, "
        f"threshold {args.threshold}",
        cross_validated,
        args.threshold,
    )
    train, test = split(records, test_share=0.3, seed=args.seed)
    print_table(
        f"70/30 split, seed {args.seed}, threshold {args.threshold} "
        f"({len(train)} train, {len(test)} test)",
        score(train, test),
        args.threshold,
    )
    print_bands(cross_validated)
    print_misses(cross_validated, args.threshold)
    print_timing(records)


if __name__ == "__main__":
    main()
