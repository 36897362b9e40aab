"""Writes the tokenizer goldens (model/src/test/resources/tokenizer/golden.json).

Python `tokenizers` encodes and decodes a fixed set of texts with the committed fixture tokenizer, which
`shears data tokenizer --data <dir holding tokenizer/train.jsonl> --vocab-size 400` trained; the Java tests
check that DJL's tokenizer gives the same ids and text, without Python.

Run: python model/src/test/python/make_tokenizer_goldens.py model/src/test/resources/tokenizer
"""
import json
import sys

import tokenizers
from tokenizers import Tokenizer

DIR = sys.argv[1]

TEXTS = [
    "",
    "zstd",
    "fast lossless compression algorithm -- CLI tool",
    "LZ4 is a very fast lossless compression algorithm, providing compression speed at 400 MB/s per core.",
    "This package contains the CLI program implementing zstd.",
    "  leading, trailing   and  repeated   spaces  ",
    "tabs\tand\nnewlines\r\nbetween words",
    "Unseen words: photosynthesis, quixotic, xylophone!",
    "Ünïcödé àccents, naïve café, Straße",
    "ligature ﬁle and ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３",
    "中文字符 and emoji 🙂 and ™ ½",
    "numbers 3.14159 2026-12-02 0x1F 1,000,000",
    "punctuation (parentheses) [brackets] {braces} \"quotes\" 'apostrophes' -- dashes... ?!;:",
    "aspell aspell-en aspell-de libzstd-dev liblz4-1 liblz4-tool",
    "\u2581already\u2581has\u2581meta\u2581symbols",
    "A" * 300,
]


def main():
    tok = Tokenizer.from_file(f"{DIR}/tokenizer.json")
    cases = []
    for text in TEXTS:
        enc = tok.encode(text)
        cases.append({"text": text, "ids": enc.ids, "tokens": enc.tokens,
                      "decoded": tok.decode(enc.ids, skip_special_tokens=True)})
    with open(f"{DIR}/golden.json", "w", encoding="utf-8") as f:
        json.dump({"tokenizers": tokenizers.__version__, "vocabSize": tok.get_vocab_size(), "cases": cases}, f,
                  ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
