import GRDB
import GRDBSQLite
import RiverChiefCore

extension Store {
    /// The states of these items (those that have one), by id, read by primary key in one
    /// transaction: for a command that needs a few hundred items' states, cheaper than
    /// `snapshot()` reading every row (`riverchief list --unit U --status S`).
    public func states(of itemIDs: [String]) throws -> [String: ItemState] {
        try read { db in
            let statement = try db.cachedStatement(sql: "SELECT \(Store.currentColumns) FROM current WHERE item_id = ?")
            let s = statement.sqliteStatement
            var out: [String: ItemState] = [:]
            out.reserveCapacity(itemIDs.count)
            for id in itemIDs {
                // Bound through SQLite's C API: GRDB's arguments cost half as much again as the look-up.
                sqlite3_reset(s)
                var id = id
                let rc = id.withUTF8 { sqlite3_bind_text(s, 1, $0.baseAddress, Int32($0.count), SQLiteBinding.transient) }
                guard rc == SQLITE_OK else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                try Store.readCurrent(db, statement, into: &out)
            }
            sqlite3_clear_bindings(s)
            return out
        }
    }
}
