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
        for (k, v) in [("id", item.id), ("model", item.modelID), ("kind", item.kind.rawValue), ("parent", item.parent),
                       ("marker", item.marker), ("role", item.role?.rawValue), ("title", item.title), ("text", item.text)] {
            e.key(k)
            e.string(v)
        }
        e.key("span")
        e.beginArray()
        e.int(item.span.start)
        e.int(item.span.end)
        e.endArray()
        e.key("lead")
        if let lead = item.lead { emit(lead, into: &e) } else { e.string(nil) }
        for (k, list) in [("supporting", item.supporting), ("territorial", item.territorial)] {
            e.key(k)
            e.beginArray()
            for a in list { emit(a, into: &e) }
            e.endArray()
        }
        e.key("targets")
        e.beginArray()
        for id in item.targets {
            e.beginObject()
            e.key("id")
            e.string(id)
            e.key("title")
            e.string(target(id)?.title)
            e.endObject()
        }
        e.endArray()
        e.key("deadline")
        e.string(item.deadline)
        e.endObject()
    }

    /// `{unit, name, basis, rule}` (rule: the duty-table rule of an inferred assignment, else null).
    func emit<E: JSONEmitter>(_ a: Assignment, into e: inout E) {
        e.beginObject()
        for (k, v) in [("unit", a.unit), ("name", unit(a.unit)?.name), ("basis", a.basis.rawValue), ("rule", a.rule)] {
            e.key(k)
            e.string(v)
        }
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
