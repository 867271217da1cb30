import GRDB

/// SQLite's own words ("locking protocol", "disk I/O error") say nothing to the person at the
/// terminal; each is said here in theirs: what happened, what it means for the change, what to do.
/// SQLite's words stay in brackets, for whoever reads a report.
enum SQLiteMessages {
    /// The message for `error`. `writing`: a change was being recorded, and SQLite rolled it back.
    static func explain(_ error: DatabaseError, path: String, writing: Bool) -> String {
        let sqlite = "(SQLite: \(error.message ?? "\(error.resultCode)"))"
        let notWritten = writing ? "; nothing was written" : ""
        switch error.resultCode {
        case .SQLITE_FULL:
            return "the disk holding the database is full \(sqlite)\(notWritten). Free some space, then try again"
        case .SQLITE_IOERR:
            return "the system could not read or write the database file \(sqlite)\(notWritten). The disk may be full or failing, "
                + "its file system read-only or gone, or the file replaced while in use; `riverchief doctor` checks the file"
        case .SQLITE_PROTOCOL:
            return "another program is holding a lock on the database's shared-memory file \(path)-shm \(sqlite)\(notWritten). "
                + "Someone may have the database open in the sqlite3 shell or another tool: ask them (or the office) to close it, then try again"
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return "other programs kept the database busy for more than \(Int(Store.busyTimeout)) s \(sqlite)\(notWritten). Try again"
        case .SQLITE_CANTOPEN:
            return "the file cannot be opened \(sqlite): check that its folder exists and that you may read it"
        default:
            return (error.message ?? "\(error.resultCode)") + notWritten
        }
    }
}
