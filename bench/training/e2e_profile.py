"""Splits each platform job of an e2e run into training and everything else, from its raw files.

For a job: submit->SUCCEEDED (server clock); the training time of each epoch (train samples / the logged
samples_per_sec); before the first epoch's end minus its training = queueing + data loading + model set-up;
between epochs minus training = validation + checkpoint + metrics; after the last epoch = test + registration.
Usage: e2e_profile.py RAW_DIR [train_samples]
"""
import datetime
import glob
import json
import sys


def t(s):
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()


raw, n = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 54000
print("| job | total s | training s | before epoch 1 s | between epochs s | after last epoch s | epoch samples/s |")
print("|---|---|---|---|---|---|---|")
for path in sorted(glob.glob(f"{raw}/*.job.json")):
    tag = path.split("/")[-1][:-9]
    job = json.load(open(path))
    m = json.load(open(f"{raw}/{tag}.metrics.json"))["samples_per_sec"]
    m.sort(key=lambda p: p["step"])
    created, finished = t(job["createdAt"]), t(job["finishedAt"])
    train = [n / p["value"] for p in m]
    ends = [t(p["loggedAt"]) for p in m]
    before = ends[0] - created - train[0]
    between = sum(ends[i] - ends[i - 1] - train[i] for i in range(1, len(ends)))
    after = finished - ends[-1]
    rates = " ".join(f"{p['value']:.0f}" for p in m)
    print(f"| {tag} | {finished - created:.1f} | {sum(train):.1f} | {before:.1f} | {between:.1f} | {after:.1f} | {rates} |")
