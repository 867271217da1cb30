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
