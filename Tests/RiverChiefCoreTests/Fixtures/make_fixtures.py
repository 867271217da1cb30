#!/usr/bin/env python3
"""Writes the test fixtures in this folder: a valid library and one folder per broken case.

Run from anywhere: python3 make_fixtures.py. The tests assert exact line:column positions in the
files written here, so change a fixture only together with its test.
"""
import copy, json, os, shutil

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(HERE, "seed-speech.txt")


def span_of(text, phrase, start=0):
    i = text.index(phrase, start)
    return [i, i + len(phrase)]


def line_span(text, n):
    lines = text.split("\n")
    start = sum(len(l) + 1 for l in lines[:n])
    return [start, start + len(lines[n])]


def lines_span(text, first, last):
    a = line_span(text, first)
    b = line_span(text, last)
    return [a[0], b[1]]


UNITS = [
    {"id": "city.river-chief-office", "name": "市河长办", "kind": "office", "short_name": "河长办"},
    {"id": "city.water", "name": "市水利局", "kind": "department", "short_name": "水利局"},
    {"id": "city.ecology", "name": "市生态环境局", "kind": "department"},
    {"id": "city.dev-reform", "name": "市发展改革委", "kind": "department", "short_name": "发改委"},
    {"id": "county.all", "name": "各县(市、区)党委和政府", "kind": "party-government"},
]


def item(text, id, kind, parent, title, span, **extra):
    d = {"id": id, "kind": kind}
    if kind == "section":
        d["role"] = extra.pop("role")
    d["parent"] = parent
    if kind != "task":
        d["marker"] = extra.pop("marker", None)
    d["title"] = title
    d["text"] = text[span[0]:span[1]]
    d["span"] = span
    d.update(extra)
    return d


def task(text, id, parent, title, phrase, lead, supporting=(), territorial=(), targets=(), after=0):
    s = span_of(text, phrase, after)
    return item(text, id, "task", parent, title, s,
                lead={"unit": lead, "basis": "inferred"},
                supporting=[{"unit": u, "basis": "inferred"} for u in supporting],
                territorial=[{"unit": u, "basis": "stated"} for u in territorial],
                targets=list(targets), deadline=None)


def seed_model():
    text = open(SEED, encoding="utf-8").read()
    s2 = line_span(text, 8)
    p1 = span_of(text, "一是要加强顶层设计。要按照中央和省的部署要求,结合我市实际,制定出台具体的实施方案和政策措施,明确目标任务、工作重点和责任分工,确保各项任务落实到位。")
    p2 = span_of(text, "二是要强化协同联动。黄河流域生态保护是一项复杂的系统工程,需要各级各部门密切配合,形成工作合力。要建立健全跨部门、跨区域的协调机制,定期召开联席会议,及时研究解决工作中遇到的问题,确保各项工作有序推进。")
    p3 = span_of(text, "三是要注重综合治理。")
    p3 = [p3[0], text.index("四是要推动绿色发展")]
    items = [
        item(text, "yr2020.preamble", "section", None, "开场", line_span(text, 1), role="preamble"),
        item(text, "yr2020.s1", "section", None, "牢记嘱托、对标对表,切实强化协力推进黄河流域生态保护的使命担当",
             lines_span(text, 2, 6), role="body", marker="一"),
        item(text, "yr2020.s1.p1", "point", "yr2020.s1", "践行习近平生态文明思想的具体行动",
             [span_of(text, "首先,")[0], line_span(text, 3)[1]], marker="首先"),
        item(text, "yr2020.s2", "section", None, "坚持系统观念,统筹谋划,全面提升黄河流域生态保护的整体效能",
             lines_span(text, 7, 8), role="body", marker="二"),
        item(text, "yr2020.s2.p1", "point", "yr2020.s2", "加强顶层设计", p1, marker="一是"),
        task(text, "yr2020.t.implementation-plan", "yr2020.s2.p1", "制定出台实施方案和政策措施",
             "结合我市实际,制定出台具体的实施方案和政策措施,明确目标任务、工作重点和责任分工,确保各项任务落实到位。",
             "city.dev-reform", supporting=["city.water", "city.ecology"]),
        item(text, "yr2020.s2.p2", "point", "yr2020.s2", "强化协同联动", p2, marker="二是"),
        task(text, "yr2020.t.joint-meetings", "yr2020.s2.p2", "定期召开联席会议",
             "要建立健全跨部门、跨区域的协调机制,定期召开联席会议,及时研究解决工作中遇到的问题,确保各项工作有序推进。",
             "city.river-chief-office", supporting=["city.water"], territorial=["county.all"]),
        item(text, "yr2020.s2.p3", "point", "yr2020.s2", "注重综合治理", p3, marker="三是"),
        task(text, "yr2020.t.pollution-control", "yr2020.s2.p3", "加大污染治理力度,严格环境执法",
             "要加大污染治理力度,严格环境执法,严厉打击各类环境违法行为,确保黄河流域水质持续改善。",
             "city.ecology", supporting=["city.water"], territorial=["county.all"], targets=["yr2020.g.water-quality"]),
        item(text, "yr2020.conclusion", "section", None, "总之", line_span(text, 13), role="conclusion"),
    ]
    wq = span_of(text, "确保黄河流域水质持续改善")
    model = {
        "format": "riverchief.model/1",
        "id": "yr2020",
        "source": {"file": "speech.txt", "codepoints": len(text)},
        "meeting": {
            "title": text.split("\n")[0], "title_span": line_span(text, 0), "speaker_role": "市委书记",
            "kind": "全市黄河流域生态保护工作推进会", "date": None,
            "source_url": "http://www.sanweiyuan.com/news/60310.html", "source_note": "由互联网用户分享整理",
        },
        "units": copy.deepcopy(UNITS),
        "targets": [{"id": "yr2020.g.water-quality", "title": "黄河流域水质持续改善", "text": text[wq[0]:wq[1]],
                     "span": wq, "indicator": {"metric": None, "unit": None, "baseline": None, "goal": None, "deadline": None}}],
        "items": items,
    }
    return model, text


TINY_SPEECH = "一、加强组织领导\n要建立健全工作机制,定期召开联席会议。各县要落实属地责任。\n"


def tiny_model(model_id="tiny"):
    text = TINY_SPEECH
    sec = span_of(text, "一、加强组织领导\n要建立健全工作机制,定期召开联席会议。各县要落实属地责任。")
    return {
        "format": "riverchief.model/1",
        "id": model_id,
        "source": {"file": "speech.txt", "codepoints": len(text)},
        "meeting": {"title": "组织领导会议", "speaker_role": "市长", "kind": "工作会"},
        "units": copy.deepcopy([UNITS[1], UNITS[4]]),
        "targets": [],
        "items": [
            item(text, model_id + ".s1", "section", None, "加强组织领导", sec, role="body", marker="一"),
            task(text, model_id + ".t.meetings", model_id + ".s1", "定期召开联席会议",
                 "要建立健全工作机制,定期召开联席会议。", "city.water"),
            task(text, model_id + ".t.local", model_id + ".s1", "落实属地责任",
                 "各县要落实属地责任。", "county.all", territorial=["county.all"]),
        ],
    }, text


def write_model(folder, model, speech, raw=None):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "model.json"), "wb") as f:
        f.write(raw if raw is not None else (json.dumps(model, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    if speech is not None:
        with open(os.path.join(folder, "speech.txt"), "wb") as f:
            f.write(speech if isinstance(speech, bytes) else speech.encode("utf-8"))


def case(name):
    d = os.path.join(HERE, "broken", name)
    shutil.rmtree(d, ignore_errors=True)
    return d


def main():
    for d in ["library", "broken"]:
        shutil.rmtree(os.path.join(HERE, d), ignore_errors=True)
    seed, seed_text = seed_model()
    write_model(os.path.join(HERE, "library", "yr2020-citysec"), seed, seed_text)
    tiny, tiny_text = tiny_model()
    write_model(os.path.join(HERE, "library", "tiny"), tiny, tiny_text)

    # broken-json: a missing comma after a member, plus a bad escape and a control character
    # before it (both reported, then the parse stops at the comma).
    m, t = tiny_model()
    raw = (json.dumps(m, ensure_ascii=False, indent=2) + "\n")
    raw = raw.replace('"title": "组织领导会议"', '"title": "组织\\q领导\t会议"', 1)
    raw = raw.replace('"speaker_role": "市长",', '"speaker_role": "市长"', 1)
    write_model(case("broken-json"), None, t, raw.encode("utf-8"))

    # invalid-utf8: one bad byte inside a string of model.json, and one in the speech.
    m, t = tiny_model()
    raw = (json.dumps(m, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    raw = raw.replace("组织领导会议".encode("utf-8"), "组织".encode("utf-8") + b"\xff" + "领导会议".encode("utf-8"), 1)
    speech = t.encode("utf-8").replace("定期".encode("utf-8"), "定".encode("utf-8") + b"\xe6\x9c" + b"!", 1)
    write_model(case("invalid-utf8"), None, speech, raw)

    # duplicate-key: the same key twice in an object.
    m, t = tiny_model()
    raw = (json.dumps(m, ensure_ascii=False, indent=2) + "\n")
    raw = raw.replace('"speaker_role": "市长",', '"speaker_role": "市长",\n    "speaker_role": "副市长",', 1)
    write_model(case("duplicate-key"), None, t, raw.encode("utf-8"))

    # unknown-field, wrong-type, bad-enum, missing-field: several in one file, all reported.
    m, t = tiny_model()
    m["items"][1]["owner"] = "张三"
    m["units"][0]["phone"] = "12345"
    write_model(case("unknown-field"), m, t)

    m, t = tiny_model()
    m["items"][1]["span"] = "12-30"
    m["items"][2]["title"] = 42
    m["source"]["codepoints"] = "many"
    write_model(case("wrong-type"), m, t)

    m, t = tiny_model()
    m["items"][1]["kind"] = "job"
    m["items"][2]["lead"]["basis"] = "guessed"
    m["units"][1]["kind"] = "ministry"
    write_model(case("bad-enum"), m, t)

    m, t = tiny_model()
    del m["items"][0]["title"]
    del m["items"][1]["lead"]
    del m["meeting"]["speaker_role"]
    write_model(case("missing-field"), m, t)

    m, t = tiny_model()
    m["items"][2]["id"] = "tiny.t.meetings"
    m["items"].append(copy.deepcopy(m["items"][0]))
    m["items"][3]["id"] = "other.s9"
    write_model(case("duplicate-id"), m, t)

    m, t = tiny_model()
    m["items"][1]["lead"]["unit"] = "city.foo"
    m["items"][2]["territorial"][0]["unit"] = "county.nowhere"
    write_model(case("unknown-unit"), m, t)

    m, t = tiny_model()
    m["items"][1]["parent"] = "tiny.s7"
    m["items"][2]["parent"] = "tiny.t.meetings"
    write_model(case("unknown-parent"), m, t)

    m, t = tiny_model()
    m["items"][1]["targets"] = ["tiny.g.nothing"]
    write_model(case("unknown-target"), m, t)

    m, t = tiny_model()
    # Two points that are each other's parent.
    a = item(t, "tiny.s1.p1", "point", "tiny.s1.p2", "甲", m["items"][1]["span"], marker="一是")
    b = item(t, "tiny.s1.p2", "point", "tiny.s1.p1", "乙", m["items"][1]["span"], marker="二是")
    m["items"][1:1] = [a, b]
    write_model(case("cycle"), m, t)

    m, t = tiny_model()
    m["items"][1]["span"] = [10, 900]
    m["items"][2]["span"] = [30, 20]
    write_model(case("span-out-of-range"), m, t)

    m, t = tiny_model()
    m["items"][1]["text"] = m["items"][1]["text"].replace("定期", "按时")
    m["source"]["codepoints"] = 99
    write_model(case("span-text-mismatch"), m, t)

    m, t = tiny_model()
    m["source"]["file"] = "speech-missing.txt"
    write_model(case("missing-speech"), m, t)

    # two-models-colliding: two models with the same id and a unit defined differently.
    a, t = tiny_model()
    b, _ = tiny_model()
    b["units"][0] = dict(b["units"][0], name="水利局")
    both = case("two-models-colliding")
    write_model(os.path.join(both, "a"), a, t)
    write_model(os.path.join(both, "b"), b, t)

    m, t = tiny_model()
    m["format"] = "riverchief.model/2"
    m["items"][1]["title"] = "定期召开\u001b[31m联席会议"
    m["units"][0]["name"] = "市水利局\u0007"
    write_model(case("format-and-controls"), m, t)


if __name__ == "__main__":
    main()
