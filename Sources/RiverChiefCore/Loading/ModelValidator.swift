// Checks one decoded model against itself and its speech: ids, parents, spans, targets, formats.
// Every problem is collected; nothing stops at the first. Linear in the model's size: one
// dictionary of ids, one pass over the items, span texts compared scalar by scalar in place.

public enum ModelValidator {
    public static let format = "riverchief.model/1"

    /// The problems of `doc`. `source` is nil when the speech could not be read (spans are then
    /// not checked against it).
    public static func validate(_ doc: ModelDocument, source: SourceText?) -> [ModelIssue] {
        var v = Checks(doc: doc, source: source)
        v.run()
        return v.issues
    }
}

private struct Checks {
    let doc: ModelDocument
    let source: SourceText?
    var issues: [ModelIssue] = []
    /// Item and target ids → where they are defined.
    var itemAt: [String: Int] = [:]
    var targetAt: [String: Int] = [:]

    init(doc: ModelDocument, source: SourceText?) {
        self.doc = doc
        self.source = source
    }

    mutating func error(_ path: JSONPath, _ message: String, related: JSONPath? = nil) {
        issues.append(.error(path, message, related: related))
    }

    mutating func run() {
        checkHeader()
        checkUnits()
        checkTargets()
        checkItems()
    }

    mutating func checkHeader() {
        if let f = doc.format, f != ModelValidator.format {
            error(JSONPath.root.key("format"), "format \"\(f)\" is not supported: expected \"\(ModelValidator.format)\"")
        }
        if let id = doc.id, !Identifier.isModelID(id) {
            error(JSONPath.root.key("id"), "model id \"\(id)\" must match [a-z0-9][a-z0-9-]*")
        }
        if let source, let declared = doc.sourceCodepoints, declared != source.count {
            error(JSONPath.root.key("source").key("codepoints"),
                  "the speech has \(source.count) code points, the model says \(declared): is it the right file?")
        }
        guard let m = doc.meeting else { return }
        let mp = JSONPath.root.key("meeting")
        if let span = m.titleSpan { checkSpanRange(span, mp.key("title_span")) }
        if let d = m.date { checkDate(d, mp.key("date")) }
        warnControls(m.title, mp.key("title"))
    }

    mutating func checkUnits() {
        var seen: [String: Int] = [:]
        for (k, u) in doc.units.enumerated() {
            let p = doc.unitPath(k)
            if !Identifier.isUnitID(u.id) { error(p.key("id"), "unit id \"\(u.id)\" must match [a-z0-9][a-z0-9.-]*") }
            if let first = seen[u.id] {
                error(p.key("id"), "duplicate unit id \"\(u.id)\"", related: doc.unitPath(first).key("id"))
            } else {
                seen[u.id] = k
            }
            warnControls(u.name, p.key("name"))
            if let s = u.shortName { warnControls(s, p.key("short_name")) }
        }
    }

    mutating func checkTargets() {
        for (k, t) in doc.targets.enumerated() {
            let p = doc.targetPath(k)
            checkID(t.id, p.key("id"))
            if let first = targetAt[t.id] {
                error(p.key("id"), "duplicate target id \"\(t.id)\"", related: doc.targetPath(first).key("id"))
            } else {
                targetAt[t.id] = k
            }
            checkSpan(t.span, text: t.text, p)
            if let d = t.indicator.deadline { checkDate(d, p.key("indicator").key("deadline")) }
            warnControls(t.title, p.key("title"))
        }
    }

    mutating func checkItems() {
        itemAt.reserveCapacity(doc.items.count)
        for (k, it) in doc.items.enumerated() {
            let p = doc.itemPath(k)
            checkID(it.id, p.key("id"))
            if let first = itemAt[it.id] {
                error(p.key("id"), "duplicate item id \"\(it.id)\"", related: doc.itemPath(first).key("id"))
            } else if let t = targetAt[it.id] {
                error(p.key("id"), "id \"\(it.id)\" is already a target's", related: doc.targetPath(t).key("id"))
            } else {
                itemAt[it.id] = k
            }
        }
        let cyclic = findCycles()
        for (k, it) in doc.items.enumerated() {
            let p = doc.itemPath(k)
            let spanOK = checkSpan(it.span, text: it.text, p)
            if !cyclic.contains(k) { checkParent(k, it, p, spanOK: spanOK) }
            for (j, g) in it.targets.enumerated() where targetAt[g] == nil && !doc.undecodedIDs.contains(g) {
                error(p.key("targets").index(j), "unknown target \"\(g)\"")
            }
            if let d = it.deadline { checkDate(d, p.key("deadline")) }
            warnControls(it.title, p.key("title"))
        }
    }

    /// Follows parent links once per item (colouring visited items), reporting each cycle once.
    /// Returns the positions of items on a cycle.
    mutating func findCycles() -> Set<Int> {
        var state = [UInt8](repeating: 0, count: doc.items.count) // 0 new, 1 on the current path, 2 done
        var onCycle = Set<Int>()
        for start in 0..<doc.items.count where state[start] == 0 {
            var path: [Int] = []
            var k = start
            while true {
                if state[k] == 2 { break }
                if state[k] == 1 {
                    let from = path.firstIndex(of: k) ?? 0
                    let cycle = Array(path[from...])
                    onCycle.formUnion(cycle)
                    let names = (cycle + [k]).map { "\"\(doc.items[$0].id)\"" }.joined(separator: " → ")
                    error(doc.itemPath(k).key("parent"), "parent cycle: \(names)")
                    break
                }
                state[k] = 1
                path.append(k)
                guard let parent = doc.items[k].parent, let next = itemAt[parent] else { break }
                k = next
            }
            for q in path { state[q] = 2 }
        }
        return onCycle
    }

    mutating func checkParent(_ k: Int, _ it: Item, _ p: JSONPath, spanOK: Bool) {
        let pp = p.key("parent")
        guard let parentID = it.parent else {
            if it.kind != .section { error(pp, "a \(it.kind.rawValue) needs a parent (a section\(it.kind == .task ? " or point" : ""))") }
            return
        }
        if it.kind == .section {
            error(pp, "a section has no parent (parent must be null)")
            return
        }
        guard let pk = itemAt[parentID] else {
            if doc.undecodedIDs.contains(parentID) { return }
            if targetAt[parentID] != nil {
                error(pp, "parent \"\(parentID)\" is a target, not a section or point")
            } else {
                error(pp, "unknown parent \"\(parentID)\"")
            }
            return
        }
        let parent = doc.items[pk]
        switch (it.kind, parent.kind) {
        case (.point, .section), (.task, .section), (.task, .point): break
        default:
            let expected = it.kind == .point ? "a section" : "a section or point"
            error(pp, "a \(it.kind.rawValue)'s parent must be \(expected), but \"\(parentID)\" is a \(parent.kind.rawValue)")
            return
        }
        if pk > k {
            error(pp, "parent \"\(parentID)\" is listed after its child: items go in reading order, parents first",
                  related: doc.itemPath(pk))
        }
        if spanOK, !parent.span.contains(it.span) {
            error(p.key("span"), "span \(it.span) is not inside its parent \"\(parentID)\"'s span \(parent.span)")
        }
    }

    mutating func checkID(_ id: String, _ p: JSONPath) {
        guard let modelID = doc.id else { return }
        if !(id.hasPrefix(modelID) && id.utf8.count > modelID.utf8.count + 1
             && id.utf8[id.utf8.index(id.utf8.startIndex, offsetBy: modelID.utf8.count)] == UInt8(ascii: ".")) {
            error(p, "id \"\(id)\" must start with the model id and a dot (\"\(modelID).\")")
        }
    }

    /// The span is a range inside the speech. False (reported) when it is not.
    @discardableResult
    mutating func checkSpanRange(_ span: Span, _ p: JSONPath) -> Bool {
        if span.start < 0 || span.end < span.start {
            error(p, "span \(span) is not a range: it needs 0 ≤ start ≤ end")
            return false
        }
        if let source, span.end > source.count {
            error(p, "span \(span) lies outside the speech (\(source.count) code points)")
            return false
        }
        return true
    }

    /// Checks the span's range and that `text` is the speech there; true when the range is sound.
    @discardableResult
    mutating func checkSpan(_ span: Span, text: String, _ p: JSONPath) -> Bool {
        guard checkSpanRange(span, p.key("span")) else { return false }
        guard let source else { return true }
        if let diff = SpanText.firstDifference(text, source, span) {
            error(p.key("text"), "text differs from the speech at span \(span) (first difference at code point \(span.start + diff)): "
                  + "the model has \(SpanText.excerpt(text, around: diff)), the speech has \(SpanText.excerpt(source, span, around: diff))")
        }
        return true
    }

    mutating func checkDate(_ d: String, _ p: JSONPath) {
        if !Identifier.isDate(d) { error(p, "date \"\(d)\" must be yyyy-MM-dd") }
    }

    mutating func warnControls(_ s: String, _ p: JSONPath) {
        if let c = s.unicodeScalars.first(where: Sanitize.needsEscape) {
            issues.append(.warning(p, "control character U+\(hex(c.value, 4)) in \(JSONWriter.quoted(s))"))
        }
    }
}
