"""Writes word<TAB>stem pairs from NLTK's PorterStemmer (NLTK_EXTENSIONS mode, as rouge_score uses).

Words: a seeded sample of WordNet 3.0 single-word lemmas, their irregular forms (*.exc), and regular
inflections of the sample, so that every step of the algorithm is exercised.

usage: python porter_golden.py WORDNET_DICT_DIR OUT.tsv && gzip -9 OUT.tsv
"""
import random
import sys

from nltk.stem.porter import PorterStemmer

wn_dir, out = sys.argv[1], sys.argv[2]
lemmas = set()
for pos in ("noun", "verb", "adj", "adv"):
    with open(f"{wn_dir}/index.{pos}") as f:
        for line in f:
            if line.startswith(" "):
                continue
            w = line.split(" ", 1)[0]
            if w.isalpha() and w.isascii():
                lemmas.add(w)
    with open(f"{wn_dir}/{pos}.exc") as f:
        for line in f:
            w = line.split(" ", 1)[0]
            if w.isalpha() and w.isascii():
                lemmas.add(w)
rng = random.Random(20240101)
sample = sorted(rng.sample(sorted(lemmas), 6000))
words = set(sample)
for w in sample[:3000]:
    for suffix in ("s", "es", "ed", "ing", "ly", "ness", "ation", "ational", "izer", "fulness", "ically", "y"):
        words.add(w + suffix)
words.update(["yyyy", "syzygy", "toy", "caresses", "ponies", "ties", "dies", "flies", "skies", "news",
              "innings", "feed", "agreed", "plastered", "bled", "motoring", "sing", "conflated", "troubled",
              "sized", "hopping", "tanned", "falling", "hissing", "fizzed", "failing", "filing", "happy",
              "sky", "enjoy", "relational", "conditional", "rational", "valenci", "hesitanci", "digitizer",
              "conformabli", "radicalli", "differentli", "vileli", "analogousli", "vietnamization",
              "predication", "operator", "feudalism", "decisiveness", "hopefulness", "callousness",
              "formaliti", "sensitiviti", "sensibiliti", "triplicate", "formative", "formalize",
              "electriciti", "electrical", "hopeful", "goodness", "revival", "allowance", "inference",
              "airliner", "gyroscopic", "adjustable", "defensible", "irritant", "replacement",
              "adjustment", "dependent", "adoption", "homologou", "communism", "activate", "angulariti",
              "homologous", "effective", "bowdlerize", "probate", "rate", "cease", "controll", "roll",
              "generously", "analogi", "archaeology", "dying", "lying", "tying", "proceed", "exceed",
              "succeed", "spied", "tied", "a", "is", "as", "was", "this", "ay", "by", "ayy", "fully",
              "logically", "ion", "eed", "ied", "ies", "ing", "ed"])
stemmer = PorterStemmer()
with open(out, "w") as f:
    for w in sorted(words):
        f.write(f"{w}\t{stemmer.stem(w)}\n")
print(len(words), "words")
