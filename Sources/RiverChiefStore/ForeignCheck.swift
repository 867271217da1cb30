import GRDB
#if canImport(Glibc)
import Glibc
#endif

extension Store {
    /// The tables of a database that is not RiverChief's: it has tables, and none of this build's
    /// migrations is recorded in it (another program's SQLite file, given by mistake with --db).
    /// Empty for an empty database or one of ours, whatever its version.
    ///
    /// A database whose only table is GRDB's `grdb_migrations`, with nothing recorded in it, is
    /// ours being created: GRDB makes that table outside the transaction of the first migration,
    /// so another open at that moment sees it empty, and a first open killed then (a dashboard
    /// hung up as it starts) leaves the file so. It is empty, not foreign: the migrations carry on
    /// from there.
    static func foreignTables(_ db: Database) throws -> [String] {
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        guard !tables.isEmpty else { return [] }
        if tables.contains("grdb_migrations") {
            let applied = Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
            if !applied.isDisjoint(with: Schema.migrationNames) { return [] }
            if applied.isEmpty && tables == ["grdb_migrations"] { return [] }
        }
        return tables
    }
}

extension Store {
    /// Refuses another program's database before the writable connection switches it to WAL (a
    /// change to the file's header that program would notice). Every RiverChief database is in WAL
    /// mode from its creation, so only an SQLite file in rollback-journal mode (header byte 18 is 1)
    /// is opened read-only and looked into; a foreign WAL file is refused by `migrateOrCheck`.
    static func refuseForeignRollbackFile(path: String) throws {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        var header = [UInt8](repeating: 0, count: 20)
        let n = Glibc.read(fd, &header, header.count)
        Glibc.close(fd)
        guard n == header.count, header.starts(with: Array("SQLite format 3\0".utf8)), header[18] == 1 else { return }
        let tables = try openReadOnlyMapped(path: path).read { try foreignTables($0) }
        if !tables.isEmpty { throw StoreError.foreignDatabase(path: path, tables: tables) }
    }
}
