import GRDB
import RiverChiefCore

extension Store {
    /// The states of these items (those that have one), by id, read by primary key in one
    /// transaction: for a command that needs a few hundred items' states, cheaper than
    /// `snapshot()` reading every row (`riverchief list --unit U --status S`).
    public func states(of itemIDs: [String]) throws -> [String: ItemState] {
        try read { db in
            let statement = try db.cachedStatement(sql: "SELECT \(Store.currentColumns) FROM current WHERE item_id = ?")
            var out: [String: ItemState] = [:]
            out.reserveCapacity(itemIDs.count)
            for id in itemIDs {
                statement.arguments = [id]
                try Store.readCurrent(db, statement, into: &out)
            }
            return out
        }
    }
}
