#!/usr/bin/env python3
"""Writes a large, valid model library for load benchmarks (docs/performance-loading.md).

    python3 make_big_library.py OUT_DIR [SECTIONS]

SECTIONS sections of 9 points of 10 tasks each (default 1000: 100,000 items, about 60 MB of
model.json). The speech is made of the seed speech's sentences, so the text is real Chinese.
"""
import json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    out = sys.argv[1]
    sections = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    seed = open(os.path.join(HERE, "seed-speech.txt"), encoding="utf-8").read()
    sentences = [s + "。" for s in seed.replace("\n", "").split("。") if 20 <= len(s) <= 80]
    speech, items, k = [], [], 0
    pos = 0
    def add(text):
        nonlocal pos
        speech.append(text)
        start = pos
        pos += len(text)
        return [start, pos]
    units = [{"id": "city.water", "name": "市水利局", "kind": "department", "short_name": "水利局"},
             {"id": "city.eco-env", "name": "市生态环境局", "kind": "department"},
             {"id": "county.all", "name": "各县(市、区)党委和政府", "kind": "party-government"}]
    for s in range(1, sections + 1):
        sec = {"id": f"big.s{s}", "kind": "section", "role": "body", "parent": None, "marker": "一",
               "title": f"第{s}部分", "text": None, "span": None}
        items.append(sec)
        sec_start = pos
        for p in range(1, 10):
            point = {"id": f"big.s{s}.p{p}", "kind": "point", "parent": sec["id"], "marker": "一是",
                     "title": f"要点{p}", "text": None, "span": None}
            items.append(point)
            p_start = pos
            for t in range(1, 11):
                text = sentences[k % len(sentences)]
                k += 1
                span = add(text)
                items.append({"id": f"big.t.s{s}-p{p}-t{t}", "kind": "task", "parent": point["id"],
                              "title": text[:12], "text": text, "span": span,
                              "lead": {"unit": "city.water", "basis": "inferred"},
                              "supporting": [{"unit": "city.eco-env", "basis": "inferred"}],
                              "territorial": [{"unit": "county.all", "basis": "stated"}],
                              "targets": [], "deadline": None})
            point["span"] = [p_start, pos]
            add("\n")
        sec["span"] = [sec_start, pos - 1]
    text = "".join(speech)
    for it in items:
        if it["text"] is None:
            it["text"] = text[it["span"][0]:it["span"][1]]
    model = {"format": "riverchief.model/1", "id": "big", "source": {"file": "speech.txt", "codepoints": len(text)},
             "meeting": {"title": "基准测试", "speaker_role": "市委书记", "kind": "基准"},
             "units": units, "targets": [], "items": items}
    folder = os.path.join(out, "big")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "speech.txt"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(folder, "model.json"), "w", encoding="utf-8") as f:
        json.dump(model, f, ensure_ascii=False, indent=2)
    print(f"{len(items)} items, {os.path.getsize(os.path.join(folder, 'model.json'))} bytes of model.json")


if __name__ == "__main__":
    main()
