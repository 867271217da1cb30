import RiverChiefStore

/// Whether this build has the PostgreSQL store (the `PostgreSQL` package trait), and the one place
/// the command line opens a `postgresql://` address through.
public enum PostgresSupport {
    #if PostgreSQL
    public static let isBuilt = true
    #else
    public static let isBuilt = false
    #endif

    /// What a build without the trait says when given a PostgreSQL address.
    public static func notBuiltMessage(_ address: String) -> String {
        let shown = PostgresAddress.parse(address).map(\.display).get(or: "the PostgreSQL database")
        return "this riverchief was built without PostgreSQL support, so it cannot open \(shown); "
            + "build it with `swift build --traits PostgreSQL` (`make install` does), or give an SQLite file with --db"
    }

    /// Opens the PostgreSQL store at `address`; `StoreError.cannotOpen` saying how to get support
    /// in a build without it.
    public static func open(_ address: String, writeGuard: WriteGuard?) throws -> any StateStore {
        #if PostgreSQL
        return try PostgresStore.open(address, writeGuard: writeGuard)
        #else
        throw StoreError.unsupported(notBuiltMessage(address))
        #endif
    }
}

extension Result {
    func get(or fallback: Success) -> Success { (try? get()) ?? fallback }
}

extension PostgresSupport {
    /// `riverchief migrate`: copies the SQLite file at `from` into the PostgreSQL database `to`
    /// (as its owner) and checks that both fold to the same state. Lines for the person.
    public static func migrate(from path: String, to address: String) throws -> [String] {
        #if PostgreSQL
        let source = try Store(path: path, origin: .current(), readOnly: true)
        let target = try PostgresStore.open(address)
        let r = try target.migrate(from: source)
        var lines = [
            "from  \(path)",
            "to    \(target.location) (as \(target.origin.account))",
            "events          \(r.events.copied) copied, \(r.events.already) already there",
            "refused         \(r.refused.copied) copied, \(r.refused.already) already there",
            "target records  \(r.targetRecords.copied) copied, \(r.targetRecords.already) already there",
        ]
        if r.differing.isEmpty {
            lines.append("check           ok: both histories fold to the same state for all \(r.itemsCompared) items")
        } else {
            lines.append("check           FAILED: \(r.differing.count) items differ: " + r.differing.prefix(10).joined(separator: ", "))
            throw MigrationCheckFailed(lines: lines)
        }
        return lines
        #else
        throw StoreError.unsupported(notBuiltMessage(address))
        #endif
    }
}

/// The copy was made but the two stores do not fold to the same state.
public struct MigrationCheckFailed: Error {
    public var lines: [String]
}
