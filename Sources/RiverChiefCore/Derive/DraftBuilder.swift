import Foundation

// Assembles a draft model from a speech: the outline (Segmenter), the work in each part
// (Clauses), the units named in the text and those the duty table infers (DutyMatcher), ids,
// titles and spans. The draft is a `Model` in the library's format; ModelJSON writes it.

public struct DeriveOptions: Sendable {
    /// The draft model's id (the prefix of every item and target id).
    public var modelID: String
    /// The unit catalogue (the library's units): names in the speech are matched against it, and
    /// only its units are assigned.
    public var catalogue: [Unit]
    public var table: DutyTable

    public init(modelID: String, catalogue: [Unit], table: DutyTable) {
        self.modelID = modelID
        self.catalogue = catalogue
        self.table = table
    }
}

/// A derived model and what the derivation wants a person to know.
public struct Draft: Sendable {
    public var model: Model
    /// Things to check: tasks with no rule for a lead, rules naming units outside the catalogue.
    public var notes: [String]
}

public enum Deriver {
    /// Derives a draft model from the speech text as the library stores it (`SpeechInput.text`).
    public static func derive(_ text: String, options: DeriveOptions) -> Draft {
        var b = Builder(text: text, options: options)
        b.run()
        let source = SourceText(text)
        let model = Model(id: options.modelID, meeting: b.meeting, source: source, units: b.usedUnits(), targets: b.targets,
                          items: b.items)
        return Draft(model: model, notes: b.notes)
    }
}

private struct Builder {
    let t: ScalarText
    let options: DeriveOptions
    let matcher: DutyMatcher
    let catalogueIDs: Set<String>
    var meeting = Meeting(title: "", speakerRole: "", kind: "")
    var items: [Item] = []
    var targets: [Target] = []
    var notes: [String] = []
    var used = Set<String>()
    var slugs = Set<String>()
    /// Subjects that name no known unit, each noted once.
    var unnamed = Set<String>()

    init(text: String, options: DeriveOptions) {
        t = ScalarText(text)
        self.options = options
        matcher = DutyMatcher(options.table)
        catalogueIDs = Set(options.catalogue.map(\.id))
    }

    var m: String { options.modelID }

    mutating func run() {
        let o = Segmenter.outline(t)
        meeting = Self.meeting(t, o)
        for u in options.table.unknownUnits(catalogueIDs) {
            notes.append("the duty table names unit \"\(u)\", which the catalogue does not hold: its rules are skipped")
        }
        var bodyNumber = 0
        for s in o.sections {
            let id: String
            switch s.role {
            case .preamble: id = "\(m).pre"
            case .conclusion: id = "\(m).end"
            case .body:
                bodyNumber = s.number ?? bodyNumber + 1
                id = "\(m).s\(bodyNumber)"
            }
            items.append(item(id: id, kind: .section, parent: nil, marker: s.marker, role: s.role, title: s.title, span: s.range))
            // The conclusion asks for no new work (docs/data-model.md).
            guard s.role != .conclusion else { continue }
            if s.points.isEmpty {
                work(in: s.body, parent: id, context: s.title)
                continue
            }
            // Work before the first point (a section's lead-in) is read too; principles drop out.
            if let first = s.points.first, first.range.lowerBound > s.body.lowerBound {
                work(in: s.body.lowerBound..<first.range.lowerBound, parent: id, context: s.title)
            }
            for p in s.points {
                let pid = "\(id).p\(p.number)"
                items.append(item(id: pid, kind: .point, parent: id, marker: p.marker, title: p.title, span: p.range))
                // The title sentence is the point's heading; a point of one sentence is its own work.
                work(in: p.rest.isEmpty ? p.titleSentence : p.rest, parent: pid, context: p.title)
            }
        }
    }

    func item(id: String, kind: ItemKind, parent: String?, marker: String? = nil, role: SectionRole? = nil, title: String,
              span: Range<Int>) -> Item {
        Item(id: id, modelID: m, kind: kind, parent: parent, marker: marker, role: role, title: title,
             text: t.string(span), span: Span(start: span.lowerBound, end: span.upperBound))
    }

    /// The tasks and targets of `r`, under `parent`.
    mutating func work(in r: Range<Int>, parent: String, context: String) {
        guard !r.isEmpty else { return }
        let names = matcher, catalogue = options.catalogue, text = t
        let cuts = joinFollowUps(Clauses.read(t, r) { subject in !names.names(in: text.flat(subject), catalogue: catalogue).isEmpty },
                                 context: context)
        var targetsBySentence: [Int: [String]] = [:]
        for c in cuts where c.kind == .target {
            let title = t.flat(c.range)
            let id = "\(m).g.\(slug(title))"
            targets.append(Target(id: id, modelID: m, title: title, text: t.string(c.range),
                                  span: Span(start: c.range.lowerBound, end: c.range.upperBound)))
            targetsBySentence[c.sentence, default: []].append(id)
        }
        for c in cuts where c.kind == .task {
            let title = t.flat(c.range)
            var task = item(id: "", kind: .task, parent: parent, title: title, span: c.range)
            assign(&task, c, context: context)
            task.id = "\(m).t.\(slug(title, unit: task.lead?.unit))"
            task.targets = targetsBySentence[c.sentence] ?? []
            items.append(task)
        }
    }

    /// A clause opening with 及时 or 定期 that calls on no duty of its own (定期召开联席会议,及时研究解决
    /// 工作中遇到的问题) follows up the task just before it in the same sentence: one piece of work.
    func joinFollowUps(_ cuts: [ClauseCut], context: String) -> [ClauseCut] {
        var out: [ClauseCut] = []
        for c in cuts {
            if c.kind == .task, c.subject == nil || out.last?.subject == c.subject,
               ["及时", "定期"].contains(where: { t.has($0, at: c.range.lowerBound) }),
               let last = out.last, last.kind == .task, last.sentence == c.sentence,
               matcher.infer(text: t.flat(c.range), context: context, catalogue: catalogueIDs).lead.flatMap({ rule in
                   options.table.rules.first { $0.id == rule.rule }?.words.isEmpty
               }) ?? true {
                out[out.count - 1].range = last.range.lowerBound..<c.range.upperBound
                continue
            }
            out.append(c)
        }
        return out
    }

    /// Units the speech names for the task, then what the duty table infers.
    mutating func assign(_ task: inout Item, _ c: ClauseCut, context: String) {
        var lead: Assignment?
        var supporting: [Assignment] = []
        if let subject = c.subject {
            let who = t.flat(subject)
            lead = matcher.names(in: who, catalogue: options.catalogue).first?.assignment
            if lead == nil, ["局", "委", "办", "部", "室", "组", "中心"].contains(where: { who.endsWith($0) }), unnamed.insert(who).inserted {
                notes.append("\(who) (who the speech asks at \(task.span)) is in neither the catalogue nor the duty table's names: "
                             + "the table infers the lead instead; add the unit to the catalogue or a name to the table")
            }
        }
        let text = t.flat(c.range)
        for found in matcher.names(in: text, catalogue: options.catalogue) where found.assignment.unit != lead?.unit {
            let before = String(text.unicodeScalars.prefix(found.at))
            if ["发挥", "鼓励", "支持", "动员", "引导", "组织", "依靠"].contains(where: { before.includes($0) }),
               !supporting.contains(where: { $0.unit == found.assignment.unit }) {
                supporting.append(found.assignment)
            }
        }
        let inferred = matcher.infer(text: text, context: context, lead: lead, exclude: Set(supporting.map(\.unit)),
                                     catalogue: catalogueIDs)
        lead = inferred.lead
        if lead == nil {
            let fallback = options.catalogue.first { $0.kind == .office } ?? options.catalogue.first
            if let fallback {
                lead = Assignment(unit: fallback.id, basis: .inferred)
                notes.append("\(task.title): no rule of the duty table gives a lead; \(fallback.name) holds it until someone decides")
            }
        }
        task.lead = lead
        task.supporting = supporting + inferred.supporting
        task.territorial = inferred.territorial
        for a in [lead].compactMap({ $0 }) + task.supporting + task.territorial { used.insert(a.unit) }
    }

    /// An id from what the item says, not where it stands, so re-deriving after an insertion keeps
    /// every other id: the lead unit's short id (`water` for city.water) and a hash of the title
    /// (FNV-1a, six base-36 digits), e.g. `water-1k9x2a`; a repeat gets `-2`. A person who curates
    /// the draft gives it an English slug. (Pinyin initials were tried: opening ICU's
    /// transliterator costs about 100 ms, twice the whole derivation.)
    mutating func slug(_ title: String, unit: String? = nil) -> String {
        var h: UInt32 = 2_166_136_261
        for b in title.utf8 { h = (h ^ UInt32(b)) &* 16_777_619 }
        var digits = String(h % 2_176_782_336, radix: 36) // 36^6
        while digits.count < 6 { digits = "0" + digits }
        var s = digits
        if let unit, let last = unit.split(separator: ".").last, Identifier.isModelID(String(last)) { s = "\(last)-\(digits)" }
        var candidate = s, n = 2
        while !slugs.insert(candidate).inserted {
            candidate = "\(s)-\(n)"
            n += 1
        }
        return candidate
    }

    func usedUnits() -> [Unit] { options.catalogue.filter { used.contains($0.id) } }

    static func meeting(_ t: ScalarText, _ o: Outline) -> Meeting {
        let title = o.title.map { t.flat($0) } ?? ""
        var kind = "会议", role = "讲话人"
        let s = Array(title.unicodeScalars)
        if let at = s.firstIndex(of: "在") {
            var r = String(String.UnicodeScalarView(s[..<at]))
            while let f = r.unicodeScalars.first, ["某", "X", "x", "Ｘ", "*", "＊", " "].contains(f) { r.unicodeScalars.removeFirst() }
            while let l = r.unicodeScalars.last, ["X", "x", "Ｘ", "*", "＊", " ", "同", "志"].contains(l) { r.unicodeScalars.removeLast() }
            // 某市市长 → 市长 (the place was redacted to 某, leaving its own 市).
            for p in ["市市", "县县", "区区", "省省"] where r.hasPrefix(p) { r.removeFirst() }
            if !r.isEmpty { role = r }
            let rest = String(String.UnicodeScalarView(s[(at + 1)...]))
            if let end = rest.range(of: "上的") ?? rest.range(of: "上讲话") { kind = String(rest[..<end.lowerBound]) }
            if kind.isEmpty { kind = "会议" }
        }
        var url: String?, note: String?
        if let f = o.footer {
            let footer = t.string(f)
            if let h = footer.range(of: "http") {
                url = String(footer[h.lowerBound...].prefix { !$0.isWhitespace && $0 != "\u{3000}" })
            }
            if let a = footer.range(of: "》"), let b = footer[a.upperBound...].range(of: "。") {
                note = String(footer[a.upperBound..<b.lowerBound])
            } else {
                note = t.flat(f)
            }
            if note?.isEmpty == true { note = nil }
        }
        return Meeting(title: title.isEmpty ? "未命名讲话" : title, speakerRole: role, kind: kind, date: o.date,
                       sourceURL: url, sourceNote: note,
                       titleSpan: o.title.map { Span(start: $0.lowerBound, end: $0.upperBound) })
    }
}
