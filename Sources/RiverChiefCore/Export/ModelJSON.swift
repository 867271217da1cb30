// A model as model.json, laid out as the library's files are (docs/data-model.md): two-space
// indentation, one object per item, every key in its documented order, small leaves (source,
// indicator, units, assignments, spans) on one line. The same model always gives the same bytes;
// the curated Data/yr2020-citysec/model.json is exactly what this writes for it.

public enum ModelJSON {
    public static let format = "riverchief.model/1"

    public static func encode(_ m: Model, sourceFile: String = "speech.txt") -> [UInt8] {
        var w = Writer()
        w.out.reserveCapacity(m.source.count * 8 + m.items.count * 400)
        w.model(m, sourceFile: sourceFile)
        return w.out
    }

    public static func string(_ m: Model, sourceFile: String = "speech.txt") -> String {
        String(decoding: encode(m, sourceFile: sourceFile), as: UTF8.self)
    }

    private struct Writer {
        var out: [UInt8] = []

        mutating func raw(_ s: String) { out.append(contentsOf: s.utf8) }
        mutating func string(_ s: String?) {
            if let s { JSONWriter.appendString(s, into: &out) } else { raw("null") }
        }
        mutating func span(_ s: Span?) {
            guard let s else { raw("null"); return }
            raw("[\(s.start), \(s.end)]")
        }
        mutating func number(_ d: Double?) {
            guard let d else { raw("null"); return }
            JSONWriter.write(JSONValue(.number(JSONNumber(double: d, int: nil))), into: &out, pretty: false, indent: 0)
        }
        /// `      "key": ` at the given indentation.
        mutating func key(_ k: String, _ indent: Int) {
            out.append(contentsOf: repeatElement(0x20, count: indent))
            string(k)
            raw(": ")
        }

        mutating func model(_ m: Model, sourceFile: String) {
            raw("{\n")
            key("format", 2); string(ModelJSON.format); raw(",\n")
            key("id", 2); string(m.id); raw(",\n")
            key("source", 2); raw("{ \"file\": "); string(sourceFile); raw(", \"codepoints\": \(m.source.count) },\n")
            key("meeting", 2); raw("{\n")
            let g = m.meeting
            key("title", 4); string(g.title); raw(",\n")
            key("title_span", 4); span(g.titleSpan); raw(",\n")
            key("speaker_role", 4); string(g.speakerRole); raw(",\n")
            key("kind", 4); string(g.kind); raw(",\n")
            key("date", 4); string(g.date); raw(",\n")
            key("source_url", 4); string(g.sourceURL); raw(",\n")
            key("source_note", 4); string(g.sourceNote); raw("\n  },\n")
            key("units", 2); raw("[")
            for (k, u) in m.units.enumerated() {
                raw(k == 0 ? "\n    " : ",\n    ")
                raw("{ \"id\": "); string(u.id)
                raw(", \"name\": "); string(u.name)
                raw(", \"kind\": "); string(u.kind.rawValue)
                if let s = u.shortName { raw(", \"short_name\": "); string(s) }
                raw(" }")
            }
            raw(m.units.isEmpty ? "],\n" : "\n  ],\n")
            key("targets", 2); raw("[")
            for (k, t) in m.targets.enumerated() {
                raw(k == 0 ? "\n    {\n" : ",\n    {\n")
                key("id", 6); string(t.id); raw(",\n")
                key("title", 6); string(t.title); raw(",\n")
                key("text", 6); string(t.text); raw(",\n")
                key("span", 6); span(t.span); raw(",\n")
                let i = t.indicator
                key("indicator", 6); raw("{ \"metric\": "); string(i.metric); raw(", \"unit\": "); string(i.unit)
                raw(", \"baseline\": "); number(i.baseline); raw(", \"goal\": "); number(i.goal)
                raw(", \"deadline\": "); string(i.deadline); raw(" }\n    }")
            }
            raw(m.targets.isEmpty ? "],\n" : "\n  ],\n")
            key("items", 2); raw("[")
            for (k, it) in m.items.enumerated() {
                raw(k == 0 ? "\n    {\n" : ",\n    {\n")
                item(it)
                raw("\n    }")
            }
            raw(m.items.isEmpty ? "]\n}\n" : "\n  ]\n}\n")
        }

        mutating func item(_ it: Item) {
            key("id", 6); string(it.id); raw(",\n")
            key("kind", 6); string(it.kind.rawValue); raw(",\n")
            if it.kind == .section { key("role", 6); string(it.role?.rawValue); raw(",\n") }
            key("parent", 6); string(it.parent); raw(",\n")
            if it.kind != .task { key("marker", 6); string(it.marker); raw(",\n") }
            key("title", 6); string(it.title); raw(",\n")
            key("text", 6); string(it.text); raw(",\n")
            key("span", 6); span(it.span)
            guard it.kind == .task else { return }
            raw(",\n")
            key("lead", 6)
            if let l = it.lead { assignment(l) } else { raw("null") }
            raw(",\n")
            key("supporting", 6); assignments(it.supporting); raw(",\n")
            key("territorial", 6); assignments(it.territorial); raw(",\n")
            key("targets", 6); raw("[")
            for (k, t) in it.targets.enumerated() {
                if k > 0 { raw(", ") }
                string(t)
            }
            raw("],\n")
            key("deadline", 6); string(it.deadline)
        }

        mutating func assignment(_ a: Assignment) {
            raw("{ \"unit\": "); string(a.unit); raw(", \"basis\": "); string(a.basis.rawValue)
            if let r = a.rule { raw(", \"rule\": "); string(r) }
            raw(" }")
        }

        mutating func assignments(_ list: [Assignment]) {
            raw("[")
            for (k, a) in list.enumerated() {
                if k > 0 { raw(", ") }
                assignment(a)
            }
            raw("]")
        }
    }
}
