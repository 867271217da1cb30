// model.json's JSON tree → ModelDocument, collecting every problem (unknown, missing and
// mistyped fields, bad enum values, fields on the wrong kind of item) instead of stopping.

public enum ModelDecoder {
    /// Decodes a parsed model.json. Never throws: what cannot be read is reported and left out.
    public static func decode(_ root: JSONValue) -> (ModelDocument, [ModelIssue]) {
        var r = FieldReader()
        var doc = r.document(root)
        doc.undecodedIDs = r.undecodedIDs
        return (doc, r.issues)
    }

    static let top = FieldSet(["format", "id", "source", "meeting", "units", "targets", "items"],
                              required: ["format", "id", "source", "meeting", "units", "items"])
    static let source = FieldSet(["file", "codepoints"], required: ["file", "codepoints"])
    static let meeting = FieldSet(["title", "title_span", "speaker_role", "kind", "date", "source_url", "source_note"],
                                  required: ["title", "speaker_role", "kind"])
    static let unit = FieldSet(["id", "name", "kind", "short_name"], required: ["id", "name", "kind"])
    static let target = FieldSet(["id", "title", "text", "span", "indicator"], required: ["id", "title", "text", "span"])
    static let indicator = FieldSet(["metric", "unit", "baseline", "goal", "deadline"], required: [])
    static let assignment = FieldSet(["unit", "basis", "rule"], required: ["unit", "basis"])
    static let item = FieldSet(["id", "kind", "role", "parent", "marker", "title", "text", "span",
                                "lead", "supporting", "territorial", "targets", "deadline"],
                               required: ["id", "kind", "title", "text", "span"])
}

extension FieldReader {
    mutating func document(_ root: JSONValue) -> ModelDocument {
        var doc = ModelDocument()
        var units: JSONValue?, targets: JSONValue?, items: JSONValue?
        fields(root, .root, ModelDecoder.top) { r, k, m in
            let p = JSONPath.root.key(m.key)
            switch k {
            case 0: doc.format = r.string(m.value, p)
            case 1: doc.id = r.string(m.value, p)
            case 2:
                r.fields(m.value, p, ModelDecoder.source) { r, k, m in
                    if k == 0 { doc.sourceFile = r.string(m.value, p.key(m.key)) } else { doc.sourceCodepoints = r.int(m.value, p.key(m.key)) }
                }
            case 3: doc.meeting = r.meeting(m.value, p)
            case 4: units = m.value
            case 5: targets = m.value
            default: items = m.value
            }
        }
        // Items and targets need the model id, which may come after them in the file.
        let modelID = doc.id ?? ""
        if let units {
            _ = list(units, ModelDocument.unitsPath) { r, v, k in
                r.unit(v, ModelDocument.unitsPath.index(k)).map { doc.units.append($0); doc.unitIndices.append(k) }
            }
        }
        if let targets {
            _ = list(targets, ModelDocument.targetsPath) { r, v, k in
                r.target(v, ModelDocument.targetsPath.index(k), modelID: modelID).map { doc.targets.append($0); doc.targetIndices.append(k) }
            }
        }
        if let items, case .array(let a) = items.kind {
            doc.items.reserveCapacity(a.count)
            doc.itemIndices.reserveCapacity(a.count)
        }
        if let items {
            // The items hold their units and targets as positions in one table for the speech.
            let names = ItemNames(modelID: modelID, units: doc.units.map(\.id), targets: doc.targets.map(\.id))
            _ = list(items, ModelDocument.itemsPath) { r, v, k in
                r.item(v, k, names: names).map { doc.items.append($0); doc.itemIndices.append(k) }
            }
            names.seal()
        }
        return doc
    }

    mutating func meeting(_ v: JSONValue, _ path: JSONPath) -> Meeting? {
        var title: String?, role: String?, kind: String?
        var m = Meeting(title: "", speakerRole: "", kind: "")
        fields(v, path, ModelDecoder.meeting) { r, k, f in
            let p = path.key(f.key)
            switch k {
            case 0: title = r.string(f.value, p)
            case 1: m.titleSpan = r.optionalSpan(f.value, p) ?? nil
            case 2: role = r.string(f.value, p)
            case 3: kind = r.string(f.value, p)
            case 4: m.date = r.optionalString(f.value, p) ?? nil
            case 5: m.sourceURL = r.optionalString(f.value, p) ?? nil
            default: m.sourceNote = r.optionalString(f.value, p) ?? nil
            }
        }
        guard let title, let role, let kind else { return nil }
        m.title = title
        m.speakerRole = role
        m.kind = kind
        return m
    }

    mutating func unit(_ v: JSONValue, _ path: JSONPath) -> Unit? {
        var id: String?, name: String?, kind: UnitKind?, short: String?
        fields(v, path, ModelDecoder.unit) { r, k, f in
            let p = path.key(f.key)
            switch k {
            case 0: id = r.string(f.value, p)
            case 1: name = r.string(f.value, p)
            case 2: kind = r.enumValue(f.value, p)
            default: short = r.optionalString(f.value, p) ?? nil
            }
        }
        guard let id, let name, let kind else {
            if let id { undecodedIDs.insert(id) }
            return nil
        }
        return Unit(id: id, name: name, kind: kind, shortName: short)
    }

    mutating func target(_ v: JSONValue, _ path: JSONPath, modelID: String) -> Target? {
        var id: String?, title: String?, text: String?, span: Span?
        var indicator = Indicator()
        fields(v, path, ModelDecoder.target) { r, k, f in
            let p = path.key(f.key)
            switch k {
            case 0: id = r.string(f.value, p)
            case 1: title = r.string(f.value, p)
            case 2: text = r.string(f.value, p)
            case 3: span = r.span(f.value, p)
            default:
                if f.value.isNull { break }
                r.fields(f.value, p, ModelDecoder.indicator) { r, k, g in
                    let q = p.key(g.key)
                    switch k {
                    case 0: indicator.metric = r.optionalString(g.value, q) ?? nil
                    case 1: indicator.unit = r.optionalString(g.value, q) ?? nil
                    case 2: indicator.baseline = r.optionalDouble(g.value, q) ?? nil
                    case 3: indicator.goal = r.optionalDouble(g.value, q) ?? nil
                    default: indicator.deadline = r.optionalString(g.value, q) ?? nil
                    }
                }
            }
        }
        guard let id, let title, let text, let span else {
            if let id { undecodedIDs.insert(id) }
            return nil
        }
        return Target(id: id, modelID: modelID, title: title, text: text, span: span, indicator: indicator)
    }

    mutating func assignment(_ v: JSONValue, _ path: @autoclosure () -> JSONPath) -> Assignment? {
        var unit: String?, basis: Basis?, rule: String?
        fields(v, path(), ModelDecoder.assignment) { r, k, f in
            switch k {
            case 0: unit = r.string(f.value, path().key(f.key))
            case 1: basis = r.enumValue(f.value, path().key(f.key))
            default: rule = r.optionalString(f.value, path().key(f.key)) ?? nil
            }
        }
        guard let unit, let basis else { return nil }
        if basis == .stated, rule != nil {
            error(v, path().key("rule"), "a stated assignment has no rule: the speech names the unit (a rule explains an inferred one)")
        }
        return Assignment(unit: unit, basis: basis, rule: rule)
    }

    mutating func item(_ v: JSONValue, _ index: Int, names: ItemNames) -> Item? {
        // Paths are built only when something is reported (autoclosures, no closure values).
        func at(_ key: String) -> JSONPath { ModelDocument.itemsPath.index(index).key(key) }
        var id: String?, kind: ItemKind?, role: SectionRole?, parent: String?, marker: String?
        var title: String?, text: String?, span: Span?, lead: Assignment?, deadline: String?
        var supporting: [Assignment] = [], territorial: [Assignment] = [], targets: [String] = []
        // Fields given a value (not null, not an empty list): checked against the item's kind below.
        var given: UInt32 = 0
        let present = fields(v, ModelDocument.itemsPath.index(index), ModelDecoder.item) { r, k, f in
            if !f.value.isNull && f.value.arrayValue?.isEmpty != true { given |= 1 << UInt32(k) }
            switch k {
            case 0: id = r.string(f.value, at(f.key))
            case 1: kind = r.enumValue(f.value, at(f.key))
            case 2: if !f.value.isNull { role = r.enumValue(f.value, at(f.key)) }
            case 3: parent = r.optionalString(f.value, at(f.key)) ?? nil
            case 4: marker = r.optionalString(f.value, at(f.key)) ?? nil
            case 5: title = r.string(f.value, at(f.key))
            case 6: text = r.string(f.value, at(f.key))
            case 7: span = r.span(f.value, at(f.key))
            case 8: if !f.value.isNull { lead = r.assignment(f.value, at(f.key)) }
            case 9: supporting = r.list(f.value, at(f.key)) { r, e, j in r.assignment(e, at(f.key).index(j)) } ?? []
            case 10: territorial = r.list(f.value, at(f.key)) { r, e, j in r.assignment(e, at(f.key).index(j)) } ?? []
            case 11: targets = r.list(f.value, at(f.key)) { r, e, j in r.string(e, at(f.key).index(j)) } ?? []
            default: deadline = r.optionalString(f.value, at(f.key)) ?? nil
            }
        }
        guard let present else { return nil }
        if let kind { checkKindFields(v, ModelDocument.itemsPath.index(index), kind: kind, present: present, given: given) }
        guard let id, let kind, let title, let text, let span else {
            if let id { undecodedIDs.insert(id) }
            return nil
        }
        return Item(id: id, names: names, kind: kind, parent: parent, marker: marker, role: role, title: title,
                    text: text, span: span, lead: lead, supporting: supporting, territorial: territorial,
                    targets: targets, deadline: deadline)
    }

    /// Sections need a role, tasks a lead; task fields on a section or point, a role on a point or
    /// task, or a marker on a task are mistakes. Bit masks over `ModelDecoder.item`'s field indices.
    private mutating func checkKindFields(_ v: JSONValue, _ path: @autoclosure () -> JSONPath, kind: ItemKind,
                                          present: UInt32, given: UInt32) {
        let role: UInt32 = 1 << 2, marker: UInt32 = 1 << 4, lead: UInt32 = 1 << 8
        let taskOnly: UInt32 = 0b11111 << 8 // lead, supporting, territorial, targets, deadline
        let notAllowed: UInt32
        switch kind {
        case .section:
            notAllowed = taskOnly
            if present & role == 0 { error(v, path(), "missing field \"role\" (a section is the preamble, a body section or the conclusion)") }
        case .point:
            notAllowed = taskOnly | role
        case .task:
            notAllowed = role | marker
            if given & lead == 0 { error(v, path(), "a task needs a lead unit: missing field \"lead\"") }
        }
        let wrong = given & notAllowed
        guard wrong != 0 else { return }
        for (k, name) in ModelDecoder.item.names.enumerated() where wrong & (1 << UInt32(k)) != 0 {
            error(v[name] ?? v, path().key(name), "field \"\(name)\" is not allowed on a \(kind.rawValue)")
        }
    }
}
