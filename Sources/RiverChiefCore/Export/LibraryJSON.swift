// The JSON form of items, units and targets for scripts (`riverchief list --json`, `show --json`,
// `units --json`): stable key order, unit names beside unit ids, Chinese as UTF-8.

extension Library {
    /// An item with everything a script needs to use it without the model file.
    public func json(of item: Item) -> JSONValue {
        var tree = JSONTreeEmitter()
        emit(item, into: &tree)
        return tree.value
    }

    /// The same item written straight as pretty JSON text at indentation level `indent` (what
    /// `JSONWriter` writes for `json(of:)`, without building it): `list --json`'s items.
    public func writeJSON(of item: Item, into out: inout [UInt8], indent: Int) {
        var bytes = JSONByteEmitter(indent: indent)
        swap(&bytes.out, &out)
        emit(item, into: &bytes)
        swap(&bytes.out, &out)
    }

    /// The item's JSON, once, for both forms.
    public func emit<E: JSONEmitter>(_ item: Item, into e: inout E) {
        e.beginObject()
        // Member by member (no array of pairs per item: `list --json` writes 100,000 of them).
        e.key("id")
        e.string(item.id)
        e.key("model")
        e.string(item.modelID)
        e.key("kind")
        e.string(item.kind.rawValue)
        e.key("parent")
        e.string(item.parent)
        e.key("marker")
        e.string(item.marker)
        e.key("role")
        e.string(item.role?.rawValue)
        e.key("title")
        e.string(item.title)
        e.key("text")
        e.string(item.text)
        e.key("span")
        e.beginArray()
        e.int(item.span.start)
        e.int(item.span.end)
        e.endArray()
        e.key("lead")
        if let lead = item.lead { emit(lead, into: &e) } else { e.string(nil) }
        e.key("supporting")
        e.beginArray()
        for a in item.supportingIDs { emit(a, into: &e) }
        e.endArray()
        e.key("territorial")
        e.beginArray()
        for a in item.territorialIDs { emit(a, into: &e) }
        e.endArray()
        e.key("targets")
        e.beginArray()
        for id in item.targetIDs { Self.emitTarget(id: id, title: target(id)?.title, into: &e) }
        e.endArray()
        e.key("deadline")
        e.string(item.deadline)
        e.endObject()
    }

    /// `{unit, name, basis, rule}` (rule: the duty-table rule of an inferred assignment, else null).
    func emit<E: JSONEmitter>(_ a: Assignment, into e: inout E) {
        Self.emit(a, name: unitIndex[a.unit].map { units[$0].name }, into: &e)
    }

    /// An assignment with its unit's name as the library resolves it (nil: a unit it does not have).
    static func emit<E: JSONEmitter>(_ a: Assignment, name: String?, into e: inout E) {
        e.beginObject()
        e.key("unit")
        e.string(a.unit)
        e.key("name")
        e.string(name)
        e.key("basis")
        e.string(a.basis.rawValue)
        e.key("rule")
        e.string(a.rule)
        e.endObject()
    }

    /// `{id, title}` of a target an item serves (title nil: a target the library does not have).
    static func emitTarget<E: JSONEmitter>(id: String, title: String?, into e: inout E) {
        e.beginObject()
        e.key("id")
        e.string(id)
        e.key("title")
        e.string(title)
        e.endObject()
    }

    public func json(of u: Unit) -> JSONValue {
        .object([
            ("id", .string(u.id)),
            ("name", .string(u.name)),
            ("short_name", .string(u.shortName)),
            ("kind", .string(u.kind.rawValue)),
        ])
    }
}
