// A curated model against the duty table: every rule an assignment names must exist and still
// produce that assignment, and what the table would add is listed. `riverchief validate` prints
// these as notes (an unknown rule is an error), so a model and its table never drift apart unseen.

public struct DutyFinding: Sendable, Equatable {
    public var isError: Bool
    public var itemID: String
    public var message: String
}

public enum DutyCheck {
    /// The findings for one model (with its items), in item order.
    public static func check(_ model: Model, table: DutyTable) -> [DutyFinding] {
        let matcher = DutyMatcher(table)
        let byID = Dictionary(model.items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let unitNames = Dictionary(model.units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        func name(_ u: String) -> String { unitNames[u] ?? u }
        var out: [DutyFinding] = []
        for it in model.items where it.kind == .task {
            let context = it.parent.flatMap { byID[$0]?.title } ?? ""
            func note(_ m: String, error: Bool = false) { out.append(DutyFinding(isError: error, itemID: it.id, message: m)) }
            let all = [it.lead].compactMap { $0 } + it.supporting + it.territorial
            for a in all {
                if let r = a.rule, !table.contains(ruleID: r) { note("\(name(a.unit)): unknown rule \"\(r)\" (not in the duty table)", error: true) }
                if a.basis == .inferred && a.rule == nil { note("\(name(a.unit)) is inferred but names no rule") }
            }
            let stated = Set(all.filter { $0.basis == .stated || ($0.rule?.hasPrefix("name.") ?? false) }.map(\.unit))
            let known = it.lead.flatMap { l in l.basis == .stated || table.names.contains { $0.id == l.rule } ? l : nil }
            let inferred = matcher.infer(text: it.text, context: context, lead: known, exclude: stated.subtracting([it.lead?.unit ?? ""]))
            if let l = it.lead, l.basis == .inferred, let r = l.rule, let rule = table.rules.first(where: { $0.id == r }),
               inferred.lead?.unit != l.unit || inferred.lead?.rule != r {
                let gives = inferred.lead.map { "\(name($0.unit)) (\($0.rule ?? "—"))" } ?? "no lead"
                note("lead \(name(l.unit)) by rule \(r), but the table gives \(gives)\(rule.role == .lead ? "" : " (\(r) is a \(rule.role.rawValue) rule)")")
            }
            if let l = it.lead, let r = l.rule, let n = table.names.first(where: { $0.id == r }),
               !n.words.contains(where: { sentence(of: it.span, in: model.source).includes($0) }) {
                note("lead \(name(l.unit)) by name rule \(r), but the task's sentence does not say \(n.words.joined(separator: "/"))")
            }
            for (list, got, role) in [(it.supporting, inferred.supporting, "supporting"), (it.territorial, inferred.territorial, "territorial")] {
                let gotUnits = Dictionary(got.map { ($0.unit, $0.rule ?? "") }, uniquingKeysWith: { a, _ in a })
                for a in list where a.basis == .inferred {
                    if gotUnits[a.unit] == nil { note("\(role) \(name(a.unit)) by rule \(a.rule ?? "—"), but the table does not give it") }
                    else if let r = a.rule, gotUnits[a.unit] != r, table.contains(ruleID: r) { note("\(role) \(name(a.unit)) by rule \(r), the table gives it by \(gotUnits[a.unit] ?? "")") }
                }
                let have = Set(list.map(\.unit))
                for a in got where !have.contains(a.unit) && a.unit != it.lead?.unit {
                    note("the table adds \(role) \(name(a.unit)) (rule \(a.rule ?? "—")), which the model does not have")
                }
            }
        }
        return out
    }

    /// The speech from the start of the sentence holding `span` to the span's end (a subject named
    /// at the sentence's start carries over to its later clauses).
    static func sentence(of span: Span, in source: SourceText) -> String {
        guard span.start >= 0, span.end <= source.count, span.start <= span.end else { return "" }
        var k = span.start
        while k > 0 && !ScalarText.endsSentence(source.scalars[k - 1]) && span.start - k < 400 { k -= 1 }
        return source.slice(Span(start: k, end: span.end)) ?? ""
    }
}
