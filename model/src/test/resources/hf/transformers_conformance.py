"""Loads each model directory of a request with stock transformers and reports what the Java test compares.

Usage: python transformers_conformance.py REQUEST.json RESULT.json
"""
import json
import sys

import torch
import transformers
from transformers import AutoModelForSeq2SeqLM, AutoTokenizer


def tokens(rows, eos):
    out = []
    for row in rows.tolist():
        row = row[1:]  # the decoder start token
        out.append(row[: row.index(eos) + 1] if eos in row else row)
    return out


def main(request_file, result_file):
    req = json.load(open(request_file))
    ids = torch.tensor(req["input_ids"])
    mask = torch.tensor(req["attention_mask"])
    dec = torch.tensor(req["decoder_input_ids"])
    result = {"transformers": transformers.__version__, "torch": torch.__version__, "cases": {}}
    for case in req["cases"]:
        model, info = AutoModelForSeq2SeqLM.from_pretrained(
            case["dir"], trust_remote_code=True, output_loading_info=True)
        model.eval()
        eos = model.config.eos_token_id
        with torch.no_grad():
            logits = model(input_ids=ids, attention_mask=mask, decoder_input_ids=dec).logits
            greedy = model.generate(input_ids=ids, attention_mask=mask, num_beams=1, do_sample=False,
                                    max_new_tokens=req["max_new_tokens"])
            beam = model.generate(input_ids=ids, attention_mask=mask, num_beams=4, do_sample=False,
                                  length_penalty=1.0, early_stopping=False, max_new_tokens=req["max_new_tokens"])
        model.save_pretrained(case["resaved"])
        out = {
            "class": type(model).__name__,
            "params": model.num_parameters(),
            "missing": sorted(info["missing_keys"]),
            "unexpected": sorted(info["unexpected_keys"]),
            "mismatched": [str(m) for m in info.get("mismatched_keys", [])],
            "logits": logits.flatten().tolist(),
            "greedy": tokens(greedy, eos),
            "beam": tokens(beam, eos),
            "generation_num_beams": model.generation_config.num_beams,
        }
        if case.get("text") is not None:
            tok = AutoTokenizer.from_pretrained(case["dir"], trust_remote_code=True)
            out["text_ids"] = tok(case["text"])["input_ids"]
            out["decoded"] = tok.decode(out["text_ids"], skip_special_tokens=True)
        result["cases"][case["name"]] = out
    json.dump(result, open(result_file, "w"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
