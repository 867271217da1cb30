// The JSON form of items, units and targets for scripts (`riverchief list --json`, `show --json`,
// `units --json`): stable key order, unit names beside unit ids, Chinese as UTF-8.

extension Library {
    /// An item with everything a script needs to use it without the model file.
    public func json(of item: Item) -> JSONValue {
        .object([
            ("id", .string(item.id)),
            ("model", .string(item.modelID)),
            ("kind", .string(item.kind.rawValue)),
            ("parent", .string(item.parent)),
            ("marker", .string(item.marker)),
            ("role", .string(item.role?.rawValue)),
            ("title", .string(item.title)),
            ("text", .string(item.text)),
            ("span", .array([.int(item.span.start), .int(item.span.end)])),
            ("lead", item.lead.map(json(of:)) ?? .null),
            ("supporting", .array(item.supporting.map(json(of:)))),
            ("territorial", .array(item.territorial.map(json(of:)))),
            ("targets", .array(item.targets.map { id in
                .object([("id", .string(id)), ("title", .string(target(id)?.title))])
            })),
            ("deadline", .string(item.deadline)),
        ])
    }

    /// `{unit, name, basis}`.
    public func json(of a: Assignment) -> JSONValue {
        .object([("unit", .string(a.unit)), ("name", .string(unit(a.unit)?.name)), ("basis", .string(a.basis.rawValue))])
    }

    public func json(of u: Unit) -> JSONValue {
        .object([
            ("id", .string(u.id)),
            ("name", .string(u.name)),
            ("short_name", .string(u.shortName)),
            ("kind", .string(u.kind.rawValue)),
        ])
    }

    public func json(of t: Target) -> JSONValue {
        .object([
            ("id", .string(t.id)),
            ("model", .string(t.modelID)),
            ("title", .string(t.title)),
            ("text", .string(t.text)),
            ("span", .array([.int(t.span.start), .int(t.span.end)])),
            ("served_by", .array((servedBy[t.id] ?? []).map { .string(items[$0].id) })),
        ])
    }
}
