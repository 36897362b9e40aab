"""Writes METEOR goldens from NLTK's meteor_score with WordNet 3.0 read from the same database files
the Java side uses (the extjwnl-data-wn30 jar, unzipped).

Each line: {"reference": [...], "hypothesis": [...], "meteor": f, "meteorExactStem": f}.
Pairs: NLTK's documented examples plus seeded perturbations of a few sentences (synonym swaps,
inflections, deletions, insertions, local reorderings) so that all three modules and chunking are exercised.

usage: python meteor_golden.py WORDNET_DICT_DIR OUT.jsonl
"""
import json
import random
import sys

from nltk.corpus.reader.wordnet import WordNetCorpusReader
from nltk.translate.meteor_score import single_meteor_score

import nltk

nltk.data.path.append(sys.argv[1])  # NLTK only reads corpora under its data path


class PlainWordNet(WordNetCorpusReader):
    def map_wn(self, version="wordnet"):
        return None  # no multilingual mapping: plain Princeton WordNet 3.0


wn = PlainWordNet(sys.argv[1], None)


class NoWordNet:
    def synsets(self, word):
        return []


SENTENCES = [
    "It is a guide to action which ensures that the military always obeys the commands of the party",
    "the president spoke to the audience about the economy",
    "The quick brown fox jumps over the lazy dog near the river bank",
    "She bought three large apples and a small car at the market yesterday",
    "The committee will discuss the new proposal during the meeting next week",
    "Researchers found that the medicine reduces pain in most patients",
    "The children were playing happily in the garden while their parents cooked dinner",
    "A strong storm damaged many houses and left thousands without power",
    "The company announced record profits after selling more phones than expected",
    "He walked slowly to the station because he had missed the early train",
    "The teacher gave the students a difficult test on Friday morning",
    "Local officials said the bridge would remain closed for repairs until June",
]
DOC = [
    ("It is a guide to action that ensures that the military will forever heed Party commands",
     "It is a guide to action which ensures that the military always obeys the commands of the party"),
    ("It is the guiding principle which guarantees the military forces always being under the command of the Party",
     "It is a guide to action which ensures that the military always obeys the commands of the party"),
    ("It is the practical guide for the army always to heed the directions of the party",
     "It is a guide to action which ensures that the military always obeys the commands of the party"),
    ("It is a guide to action that ensures that the military will forever heed Party commands",
     "It is to insure the troops forever hearing the activity guidebook that party direct"),
    ("this is a cat", "non matching hypothesis"),
    ("the president then spoke to the audience", "the president spoke to the audience"),
]
INFLECT = ["s", "ed", "ing", "ly", "er"]


def perturb(words, rng):
    out = []
    for w in words:
        u = rng.random()
        if u < 0.2:
            syns = sorted({l.name() for s in wn.synsets(w) for l in s.lemmas() if "_" not in l.name()} - {w})
            out.append(rng.choice(syns) if syns else w)
        elif u < 0.3:
            out.append(w + rng.choice(INFLECT))
        elif u < 0.37:
            continue
        elif u < 0.42:
            out.extend([w, rng.choice(words)])
        else:
            out.append(w)
    if len(out) > 3 and rng.random() < 0.5:
        i = rng.randrange(len(out) - 3)
        out[i:i + 3] = reversed(out[i:i + 3])
    return out


rng = random.Random(2005)
pairs = [(r.split(), h.split()) for r, h in DOC]
for k in range(240):
    ref = rng.choice(SENTENCES).split()
    hyp = perturb(ref, rng) if rng.random() < 0.9 else rng.choice(SENTENCES).split()
    pairs.append((ref, hyp))
with open(sys.argv[2], "w") as f:
    for ref, hyp in pairs:
        f.write(json.dumps({
            "reference": ref, "hypothesis": hyp,
            "meteor": single_meteor_score(ref, hyp, wordnet=wn),
            "meteorExactStem": single_meteor_score(ref, hyp, wordnet=NoWordNet()),
        }) + "\n")
print(len(pairs), "pairs")
