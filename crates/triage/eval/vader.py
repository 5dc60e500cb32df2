"""Frustration F1 of VADER (a 2014 sentiment lexicon) on the validation rows that
`baton triage eval` scores for frustration, as a baseline for the engine's figures.

VADER has no "anger": a message counts as frustrated when its compound score is at most
-0.05, VADER's own threshold for negative. Rows are chosen exactly as the eval chooses them
(docs/triage-eval.md): a strong frustration label is positive, a borderline label leaves the
row out, every other label is negative.

    crates/triage/eval/vader.sh [DATASETS_DIR]   # makes a venv with vaderSentiment, runs this
"""

import sys

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

DIR = sys.argv[1] if len(sys.argv) > 1 else "../shared/datasets"
ANGRY = {"anger", "annoyance"}
BORDERLINE = {"disappointment", "disapproval", "disgust", "sadness", "grief", "fear", "nervousness", "remorse", "embarrassment"}


def rows(path):
    with open(f"{DIR}/{path}", encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            cells = line.rstrip("\n").split("\t")
            if len(cells) >= len(header):
                yield dict(zip(header, cells))


def goemotions():
    for r in rows("goemotions/goemotions_train_dev.tsv"):
        if r["split"] != "dev":
            continue
        labels = set(r["labels"].split(","))
        if labels & ANGRY:
            yield r["text"], True
        elif not labels & BORDERLINE:
            yield r["text"], False


def tweeteval():
    for r in rows("tweeteval_emotion/tweeteval_emotion_train_val.tsv"):
        if r["split"] == "val" and r["label"] != "sadness":
            yield r["text"], r["label"] == "anger"


# The Twitter complaints domains that tune (crates/baton/src/eval/data.rs); the rest validate.
COMPLAINT_TUNE_DOMAINS = {"apparel", "electronics", "other", "services", "transport", "random_tweet"}


def complaints():
    for r in rows("twitter_complaints/twitter_complaints.tsv"):
        if r["domain"] not in COMPLAINT_TUNE_DOMAINS:
            yield r["text"], r["label_name"] == "complaint"


def main():
    vader = SentimentIntensityAnalyzer()
    print(f"{'source':<22} {'pos':>5} {'neg':>6}  {'precision':>9} {'recall':>7} {'f1':>6}")
    for name, source in [("goemotions", goemotions), ("tweeteval_emotion", tweeteval), ("twitter_complaints", complaints)]:
        tp = fp = pos = neg = 0
        for text, angry in source():
            hit = vader.polarity_scores(text)["compound"] <= -0.05
            pos += angry
            neg += not angry
            tp += hit and angry
            fp += hit and not angry
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / pos if pos else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{name:<22} {pos:>5} {neg:>6}  {p:>9.3f} {r:>7.3f} {f1:>6.3f}")


if __name__ == "__main__":
    main()
