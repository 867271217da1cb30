import RiverChiefCore

/// Writes a model as `model.json` (docs/data-model.md) with a fixed key order and layout, so the
/// same model always gives the same bytes. Hand-written because it is fast and byte-stable.
struct ModelJSON {
    private(set) var bytes: [UInt8] = []

    static func encode(_ m: Model, sourceFile: String = "speech.txt") -> [UInt8] {
        var w = ModelJSON()
        w.bytes.reserveCapacity(m.source.count * 12)
        w.model(m, sourceFile: sourceFile)
        return w.bytes
    }

    private mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }

    private mutating func string(_ s: String?) {
        guard let s else { raw("null"); return }
        bytes.append(0x22)
        for c in s.utf8 {
            switch c {
            case 0x22: raw("\\\"")
            case 0x5C: raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                raw("\\u00")
                bytes.append(hex[Int(c >> 4)])
                bytes.append(hex[Int(c & 0xF)])
            default: bytes.append(c)
            }
        }
        bytes.append(0x22)
    }

    private mutating func span(_ s: Span?) {
        guard let s else { raw("null"); return }
        raw("[\(s.start), \(s.end)]")
    }

    private mutating func key(_ k: String, indent: String) { raw("\(indent)\"\(k)\": ") }

    private mutating func model(_ m: Model, sourceFile: String) {
        raw("{\n  \"format\": \"riverchief.model/1\",\n  \"id\": "); string(m.id)
        raw(",\n  \"source\": { \"file\": "); string(sourceFile); raw(", \"codepoints\": \(m.source.count) },\n")
        raw("  \"meeting\": {\n")
        key("title", indent: "    "); string(m.meeting.title); raw(",\n")
        key("title_span", indent: "    "); span(m.meeting.titleSpan); raw(",\n")
        key("speaker_role", indent: "    "); string(m.meeting.speakerRole); raw(",\n")
        key("kind", indent: "    "); string(m.meeting.kind); raw(",\n")
        key("date", indent: "    "); string(m.meeting.date); raw(",\n")
        key("source_url", indent: "    "); string(m.meeting.sourceURL); raw(",\n")
        key("source_note", indent: "    "); string(m.meeting.sourceNote); raw("\n  },\n")

        raw("  \"units\": [")
        for (i, u) in m.units.enumerated() {
            raw(i == 0 ? "\n    { \"id\": " : ",\n    { \"id\": "); string(u.id)
            raw(", \"name\": "); string(u.name)
            raw(", \"kind\": "); string(u.kind.rawValue)
            if let s = u.shortName { raw(", \"short_name\": "); string(s) }
            raw(" }")
        }
        raw(m.units.isEmpty ? "],\n" : "\n  ],\n")

        raw("  \"targets\": [")
        for (i, t) in m.targets.enumerated() {
            raw(i == 0 ? "\n    { \"id\": " : ",\n    { \"id\": "); string(t.id)
            raw(", \"title\": "); string(t.title)
            raw(", \"text\": "); string(t.text)
            raw(", \"span\": "); span(t.span)
            raw(", \"indicator\": { \"metric\": null, \"unit\": null, \"baseline\": null, \"goal\": null, \"deadline\": null } }")
        }
        raw(m.targets.isEmpty ? "],\n" : "\n  ],\n")

        raw("  \"items\": [")
        for (i, it) in m.items.enumerated() {
            raw(i == 0 ? "\n    { " : ",\n    { ")
            item(it)
            raw(" }")
        }
        raw(m.items.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
    }

    private mutating func item(_ it: Item) {
        raw("\"id\": "); string(it.id)
        raw(", \"kind\": "); string(it.kind.rawValue)
        if it.kind == .section { raw(", \"role\": "); string(it.role?.rawValue) }
        raw(", \"parent\": "); string(it.parent)
        if it.kind != .task { raw(", \"marker\": "); string(it.marker) }
        raw(",\n      \"title\": "); string(it.title)
        raw(",\n      \"text\": "); string(it.text)
        raw(",\n      \"span\": "); span(it.span)
        guard it.kind == .task else { return }
        raw(",\n      \"lead\": ")
        if let l = it.lead { assignment(l) } else { raw("null") }
        raw(", \"supporting\": "); assignments(it.supporting)
        raw(", \"territorial\": "); assignments(it.territorial)
        raw(",\n      \"targets\": [")
        for (i, t) in it.targets.enumerated() { if i > 0 { raw(", ") }; string(t) }
        raw("], \"deadline\": "); string(it.deadline)
    }

    private mutating func assignment(_ a: Assignment) {
        raw("{ \"unit\": "); string(a.unit); raw(", \"basis\": "); string(a.basis.rawValue); raw(" }")
    }

    private mutating func assignments(_ list: [Assignment]) {
        raw("[")
        for (i, a) in list.enumerated() { if i > 0 { raw(", ") }; assignment(a) }
        raw("]")
    }
}
