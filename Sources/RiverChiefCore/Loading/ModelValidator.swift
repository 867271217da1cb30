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
    let matcher: SpanMatcher?

    init(doc: ModelDocument, source: SourceText?) {
        self.doc = doc
        self.source = source
        self.matcher = source.map(SpanMatcher.init)
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
        let doc = self.doc // paths are built lazily from this copy, not from self while it changes
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
        let doc = self.doc // paths are built lazily from this copy, not from self while it changes
        for (k, t) in doc.targets.enumerated() {
            checkID(t.id, doc.targetPath(k).key("id"))
            if let first = targetAt[t.id] {
                error(doc.targetPath(k).key("id"), "duplicate target id \"\(t.id)\"", related: doc.targetPath(first).key("id"))
            } else {
                targetAt[t.id] = k
            }
            checkSpan(t.span, text: t.text, doc.targetPath(k))
            if let d = t.indicator.deadline { checkDate(d, doc.targetPath(k).key("indicator").key("deadline")) }
            warnControls(t.title, doc.targetPath(k).key("title"))
        }
    }

    mutating func checkItems() {
        let doc = self.doc
        let items = doc.items, json = doc.itemIndices
        itemAt.reserveCapacity(items.count)
        for k in items.indices {
            let id = items[k].id, j = json[k]
            checkID(id, ModelDocument.itemField(j, "id"))
            if let first = itemAt.updateValue(k, forKey: id) {
                itemAt[id] = first // the first definition stays the one references find
                error(doc.itemPath(k, "id"), "duplicate item id \"\(id)\"", related: doc.itemPath(first, "id"))
            } else if let t = targetAt[id] {
                error(doc.itemPath(k, "id"), "id \"\(id)\" is already a target's", related: doc.targetPath(t).key("id"))
            }
        }
        // Each item's parent position (-1: none or unknown), looked up once.
        var parents = [Int](repeating: -1, count: items.count)
        for k in items.indices { if let p = items[k].parent, let pk = itemAt[p] { parents[k] = pk } }
        let cyclic = findCycles(doc, parents)
        for k in items.indices {
            let j = json[k]
            let spanOK = checkSpan(items[k].span, text: items[k].text, ModelDocument.itemsPath.index(j))
            if !cyclic.contains(k) { checkParent(doc, k, parents[k], spanOK: spanOK) }
            if !items[k].targets.isEmpty {
                for (t, g) in items[k].targets.enumerated() where targetAt[g] == nil && !doc.undecodedIDs.contains(g) {
                    error(doc.itemPath(k, "targets").index(t), "unknown target \"\(g)\"")
                }
            }
            if let d = items[k].deadline { checkDate(d, ModelDocument.itemField(j, "deadline")) }
            warnControls(items[k].title, ModelDocument.itemField(j, "title"))
        }
        checkSiblingOverlaps(doc, parents)
    }

    /// Tasks never overlap (docs/data-model.md, "Spans"): two tasks of one parent that share a code
    /// point are reported at the later one. Sorted by parent and start, so each task is compared
    /// with the furthest-reaching sibling before it.
    mutating func checkSiblingOverlaps(_ doc: ModelDocument, _ parents: [Int]) {
        let items = doc.items
        var tasks: [Int] = []
        for k in items.indices where items[k].kind == .task && parents[k] >= 0 && items[k].span.start < items[k].span.end {
            tasks.append(k)
        }
        tasks.sort { (parents[$0], items[$0].span.start, $0) < (parents[$1], items[$1].span.start, $1) }
        var reach = -1 // position of the sibling reaching furthest so far
        for (n, k) in tasks.enumerated() {
            if n > 0, parents[tasks[n - 1]] != parents[k] { reach = -1 }
            if reach >= 0, items[k].span.start < items[reach].span.end {
                let other = items[reach]
                error(doc.itemPath(k, "span"), "span \(items[k].span) overlaps sibling task \"\(other.id)\"'s span \(other.span): tasks never overlap",
                      related: doc.itemPath(reach, "span"))
            }
            if reach < 0 || items[k].span.end > items[reach].span.end { reach = k }
        }
    }

    /// Follows parent links once per item (colouring visited items), reporting each cycle once.
    /// Returns the positions of items on a cycle.
    mutating func findCycles(_ doc: ModelDocument, _ parents: [Int]) -> Set<Int> {
        var state = [UInt8](repeating: 0, count: parents.count) // 0 new, 1 on the current path, 2 done
        var onCycle = Set<Int>()
        var path: [Int] = []
        for start in parents.indices where state[start] == 0 {
            path.removeAll(keepingCapacity: true)
            var k = start
            while true {
                if state[k] == 2 { break }
                if state[k] == 1 {
                    let from = path.firstIndex(of: k) ?? 0
                    let cycle = Array(path[from...])
                    onCycle.formUnion(cycle)
                    let names = (cycle + [k]).map { "\"\(doc.items[$0].id)\"" }.joined(separator: " → ")
                    error(doc.itemPath(k, "parent"), "parent cycle: \(names)")
                    break
                }
                state[k] = 1
                path.append(k)
                guard parents[k] >= 0 else { break }
                k = parents[k]
            }
            for q in path { state[q] = 2 }
        }
        return onCycle
    }

    /// The parent exists, has the right kind, comes first, and its span holds the item's.
    /// `pk` is the parent's position (-1 when there is none or it is unknown).
    mutating func checkParent(_ doc: ModelDocument, _ k: Int, _ pk: Int, spanOK: Bool) {
        let kind = doc.items[k].kind
        if pk >= 0 {
            let parentKind = doc.items[pk].kind
            switch (kind, parentKind) {
            case (.point, .section), (.task, .section), (.task, .point):
                if pk > k {
                    error(doc.itemPath(k, "parent"), "parent \"\(doc.items[pk].id)\" is listed after its child: items go in reading order, parents first",
                          related: doc.itemPath(pk))
                }
                let span = doc.items[k].span, parentSpan = doc.items[pk].span
                if spanOK, !parentSpan.contains(span) {
                    error(doc.itemPath(k, "span"), "span \(span) is not inside its parent \"\(doc.items[pk].id)\"'s span \(parentSpan)")
                }
                return
            default:
                break
            }
        }
        guard kind != .section || doc.items[k].parent != nil else { return }
        let path = doc.itemPath(k, "parent")
        guard let parentID = doc.items[k].parent else {
            error(path, "a \(kind.rawValue) needs a parent (a section\(kind == .task ? " or point" : ""))")
            return
        }
        if kind == .section {
            error(path, "a section has no parent (parent must be null)")
        } else if pk >= 0 {
            let expected = kind == .point ? "a section" : "a section or point"
            error(path, "a \(kind.rawValue)'s parent must be \(expected), but \"\(parentID)\" is a \(doc.items[pk].kind.rawValue)")
        } else if doc.undecodedIDs.contains(parentID) {
            return
        } else if targetAt[parentID] != nil {
            error(path, "parent \"\(parentID)\" is a target, not a section or point")
        } else {
            error(path, "unknown parent \"\(parentID)\"")
        }
    }

    mutating func checkID(_ id: String, _ p: @autoclosure () -> JSONPath) {
        guard let modelID = doc.id else { return }
        // Byte-wise: `hasPrefix` compares by Unicode equivalence, which ids do not need.
        var rest = id.utf8.makeIterator()
        var ok = true
        for b in modelID.utf8 where rest.next() != b { ok = false; break }
        if !(ok && rest.next() == UInt8(ascii: ".") && rest.next() != nil) {
            error(p(), "id \"\(id)\" must start with the model id and a dot (\"\(modelID).\")")
        }
    }

    /// The span is a range inside the speech. False (reported) when it is not.
    @discardableResult
    mutating func checkSpanRange(_ span: Span, _ p: @autoclosure () -> JSONPath) -> Bool {
        if span.start < 0 || span.end < span.start {
            error(p(), "span \(span) is not a range: it needs 0 ≤ start ≤ end")
            return false
        }
        if let source, span.end > source.count {
            error(p(), "span \(span) lies outside the speech (\(source.count) code points)")
            return false
        }
        return true
    }

    /// Checks the span's range and that `text` is the speech there; true when the range is sound.
    @discardableResult
    mutating func checkSpan(_ span: Span, text: String, _ p: @autoclosure () -> JSONPath) -> Bool {
        guard checkSpanRange(span, p().key("span")) else { return false }
        guard let source, let matcher, !matcher.matches(text, span) else { return true }
        if let diff = SpanText.firstDifference(text, source, span) {
            error(p().key("text"), "text differs from the speech at span \(span) (first difference at code point \(span.start + diff)): "
                  + "the model has \(SpanText.excerpt(text, around: diff)), the speech has \(SpanText.excerpt(source, span, around: diff))")
        }
        return true
    }

    mutating func checkDate(_ d: String, _ p: @autoclosure () -> JSONPath) {
        if !Identifier.isDate(d) { error(p(), "date \"\(d)\" must be yyyy-MM-dd") }
    }

    mutating func warnControls(_ s: String, _ p: @autoclosure () -> JSONPath) {
        // Bytes that can start a character needing an escape: C0, DEL, C1 (0xC2 …), U+202A… (0xE2 …).
        guard s.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }) else { return }
        if let c = s.unicodeScalars.first(where: Sanitize.needsEscape) {
            issues.append(.warning(p(), "control character U+\(hex(c.value, 4)) in \(JSONWriter.quoted(s))"))
        }
    }
}
