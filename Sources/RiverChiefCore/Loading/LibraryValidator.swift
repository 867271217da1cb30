// Checks across the models of a library: model ids, item and target ids, the shared unit
// catalogue (a unit defined in two models must be defined identically), unit references.

public enum LibraryValidator {
    /// The problems of each model (same order as `docs`) that only the whole library shows.
    /// `files` names each model's file for messages that point at another model.
    public static func validate(_ docs: [ModelDocument], files: [String]) -> [[ModelIssue]] {
        var issues = [[ModelIssue]](repeating: [], count: docs.count)
        var modelAt: [String: Int] = [:]
        var unitAt: [String: (model: Int, k: Int)] = [:]
        var idAt: [String: Int] = [:]

        for (mi, doc) in docs.enumerated() {
            if let id = doc.id {
                if let other = modelAt[id] {
                    issues[mi].append(.error(JSONPath.root.key("id"), "model id \"\(id)\" is also the id of \(files[other])"))
                } else {
                    modelAt[id] = mi
                }
            }
            for (k, u) in doc.units.enumerated() {
                guard let first = unitAt[u.id] else { unitAt[u.id] = (mi, k); continue }
                guard first.model != mi else { continue } // a duplicate inside one model is reported there
                let other = docs[first.model].units[first.k]
                if other != u {
                    issues[mi].append(.error(doc.unitPath(k), "unit \"\(u.id)\" is defined differently in \(files[first.model]): "
                                             + differences(u, other)))
                }
            }
            // Ids unique across models (inside one model, ModelValidator reports them). One model
            // cannot collide with another, so a one-model library skips this.
            guard docs.count > 1 else { continue }
            for (k, t) in doc.targets.enumerated() {
                if let other = idAt.updateValue(mi, forKey: t.id), other != mi {
                    idAt[t.id] = other
                    issues[mi].append(.error(doc.targetPath(k).key("id"), "id \"\(t.id)\" is also defined in \(files[other])"))
                }
            }
            for (k, it) in doc.items.enumerated() {
                if let other = idAt.updateValue(mi, forKey: it.id), other != mi {
                    idAt[it.id] = other
                    issues[mi].append(.error(doc.itemPath(k, "id"), "id \"\(it.id)\" is also defined in \(files[other])"))
                }
            }
        }

        // Unit references resolve against the whole library's catalogue (units that failed to
        // decode are already reported).
        var undecoded = Set<String>()
        for doc in docs { undecoded.formUnion(doc.undecodedIDs) }
        func known(_ unit: String) -> Bool { unitAt[unit] != nil || undecoded.contains(unit) }
        for (mi, doc) in docs.enumerated() {
            for (k, it) in doc.items.enumerated() {
                if let l = it.lead, !known(l.unit) {
                    issues[mi].append(.error(doc.itemPath(k, "lead").key("unit"), "unknown unit \"\(l.unit)\""))
                }
                for (j, a) in it.supporting.enumerated() where !known(a.unit) {
                    issues[mi].append(.error(doc.itemPath(k, "supporting").index(j).key("unit"), "unknown unit \"\(a.unit)\""))
                }
                for (j, a) in it.territorial.enumerated() where !known(a.unit) {
                    issues[mi].append(.error(doc.itemPath(k, "territorial").index(j).key("unit"), "unknown unit \"\(a.unit)\""))
                }
            }
        }
        return issues
    }

    static func differences(_ a: Unit, _ b: Unit) -> String {
        var d: [String] = []
        if a.name != b.name { d.append("name \(JSONWriter.quoted(a.name)) here, \(JSONWriter.quoted(b.name)) there") }
        if a.kind != b.kind { d.append("kind \"\(a.kind.rawValue)\" here, \"\(b.kind.rawValue)\" there") }
        if a.shortName != b.shortName {
            d.append("short_name \(a.shortName.map(JSONWriter.quoted) ?? "null") here, \(b.shortName.map(JSONWriter.quoted) ?? "null") there")
        }
        return d.joined(separator: "; ")
    }
}
