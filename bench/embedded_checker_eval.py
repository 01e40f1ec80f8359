"""Evaluate the whole embedded checker (signals, links, Bayes) on the labelled comment set.

Run from the project root, without Django or a database:

    .venv/bin/python bench/embedded_checker_eval.py
    .venv/bin/python bench/embedded_checker_eval.py --folds 10 --seed 7

Each fold trains a fresh model on the other folds, as moderators' decisions would, then runs
``comments.spam.scoring.assess`` (what ``EmbeddedChecker`` runs on the site) on the held-out
fold. The folds are those of bench/spam_eval.py for the same seed. Records with a
`seconds_to_submit` (the quick comments, genuine and not) are given that time to fill the
form; every other comment a human's 30 s. All have an empty honeypot and no author history;
the other signals and the history rules are tested in tests/comments instead.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from spam_eval import DATASET, load, record_tokens, stratified_folds  # noqa: E402

from comments.spam.bayes import NaiveBayesModel  # noqa: E402
from comments.spam.scoring import HAM, CommentFacts, Rules, assess  # noqa: E402
from comments.spam.verdict import reason_texts  # noqa: E402

HUMAN_SIGNALS = {"honeypot_field": "homepage_url", "honeypot": "", "seconds_to_submit": 30.0}


def facts(record: dict) -> CommentFacts:
    seconds = record.get("seconds_to_submit", HUMAN_SIGNALS["seconds_to_submit"])
    return CommentFacts(
        content=record["content"],
        author=record["author"],
        email=record["email"],
        url=record["url"],
        signals=HUMAN_SIGNALS | {"seconds_to_submit": seconds},
    )


def cross_validate(records, *, folds: int, seed: int, rules: Rules, use_model: bool = True):
    """(record, predicted spam, reasons) for every record, each predicted by a model not
    trained on it."""
    results = []
    split = stratified_folds(records, folds, seed)
    for index, test in enumerate(split):
        model = None
        if use_model:
            model = NaiveBayesModel()
            for other, fold in enumerate(split):
                if other != index:
                    for record in fold:
                        model.train(record_tokens(record), is_spam=record["label"] == "spam")
        for record in test:
            assessment = assess(facts(record), rules=rules, model=model)
            results.append((record, assessment.kind != HAM, assessment.reasons))
    return results


def metrics(results) -> dict[str, float]:
    outcomes = Counter((record["label"] == "spam", flagged) for record, flagged, _ in results)
    tp, fp = outcomes[True, True], outcomes[False, True]
    fn, tn = outcomes[True, False], outcomes[False, False]
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "fp": fp, "ham": fp + tn, "fn": fn}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--threshold", type=float, default=0.9, help="SPAM_BAYES_THRESHOLD")
    parser.add_argument("--unsure", type=float, default=0.6, help="SPAM_BAYES_UNSURE")
    parser.add_argument("--max-links", type=int, default=6, help="SPAM_MAX_LINKS")
    args = parser.parse_args(argv)

    records = load()
    labels = Counter(record["label"] for record in records)
    print(f"{len(records)} comments: {labels['spam']} spam, {labels['ham']} ham ({DATASET.name})")
    rules = Rules(
        bayes_threshold=args.threshold, bayes_unsure=args.unsure, max_links=args.max_links
    )
    variants = {
        "signals and links only (cold start)": (rules, False),
        "model alone (threshold only)": (replace(rules, bayes_unsure=2.0, max_links=10**6), True),
        "embedded checker (site settings)": (rules, True),
        "embedded checker, unsure band 0.5": (replace(rules, bayes_unsure=0.5), True),
    }
    print(
        f"\n{args.folds}-fold stratified cross-validation, seed {args.seed}, "
        f"threshold {args.threshold}, unsure {args.unsure}, max links {args.max_links}"
    )
    print(f"{'checker':<38} {'prec':>6} {'recall':>6} {'F1':>6} {'FP/ham':>8} {'FN':>4}")
    site = None
    for name, (variant, use_model) in variants.items():
        results = cross_validate(
            records, folds=args.folds, seed=args.seed, rules=variant, use_model=use_model
        )
        if name.startswith("embedded checker (site"):
            site = results
        m = metrics(results)
        print(
            f"{name:<38} {m['precision']:>6.3f} {m['recall']:>6.3f} {m['f1']:>6.3f} "
            f"{m['fp']:>4}/{m['ham']:<3} {m['fn']:>4}"
        )
    fast = rules.min_submit_seconds
    quick = [(r, hit) for r, hit, _ in site if facts(r).signals["seconds_to_submit"] < fast]
    held = Counter(r["label"] for r, hit in quick if not hit)
    print(
        f"\nSent in under {fast:g} s: {len(quick)}; not spam, so held for a moderator (the site's "
        f"hold rule): {held['ham']} ham, {held['spam']} spam"
    )
    missed = Counter(r["kind"] for r, flagged, _ in site if r["label"] == "spam" and not flagged)
    flagged = [(r, reasons) for r, hit, reasons in site if r["label"] == "ham" and hit]
    print(f"\nSpam missed by kind: {dict(sorted(missed.items())) or 'none'}")
    print(f"Ham flagged: {len(flagged) or 'none'}")
    for record, reasons in flagged:
        print(
            f"  [{record['kind']}] {record['content'][:70]!r}: {'; '.join(reason_texts(reasons))}"
        )


if __name__ == "__main__":
    main()
