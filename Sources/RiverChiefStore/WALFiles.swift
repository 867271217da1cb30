import GRDB
import GRDBSQLite

/// The WAL side files of the database.
enum WALFiles {
    /// Sets SQLITE_FCNTL_PERSIST_WAL on the connection: the `-wal` and `-shm` files stay after the
    /// last connection closes, so a read-only account can open the database later.
    static func persist(_ db: Database) throws {
        var on: Int32 = 1
        let rc = sqlite3_file_control(db.sqliteConnection, "main", SQLITE_FCNTL_PERSIST_WAL, &on)
        if rc != SQLITE_OK {
            throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: "could not keep the WAL files")
        }
    }
}
