import Foundation

/// Everything the store refuses or cannot do, each with a message for the person at the terminal.
/// `description` is one or more lines without the program-name prefix.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// The database file (or its directory) cannot be written by this account.
    case readOnly(path: String, account: String, cause: String)
    /// An explicitly given database path whose directory does not exist.
    case directoryMissing(path: String, directory: String)
    /// A new database cannot be created because its directory is not writable.
    case cannotCreate(path: String, directory: String, account: String)
    /// The file is not an SQLite database, or is damaged.
    case notADatabase(path: String, detail: String)
    /// Any other failure to open or read the database.
    case cannotOpen(path: String, detail: String)
    /// The database was written by a newer riverchief (unknown migrations).
    case newerSchema(path: String)
    /// The database needs migrating but this account cannot write it.
    case outdatedReadOnly(path: String)
    /// Progress outside 0–100 or not a number.
    case invalidProgress(String)
    /// A deadline that is not a real yyyy-MM-dd date; `reason` says what is wrong.
    case invalidDeadline(String, reason: String)
    /// An empty item id, or one with spaces or control characters.
    case invalidItemID(String)
    /// The write asked for nothing.
    case emptyChange
    /// A target's measured value is not a finite number.
    case invalidTargetValue(String)
    /// Someone changed the item after the writer read it; nothing was written.
    case conflict(Conflict)
    /// The account has no change left to undo (on that item, when one was named).
    case nothingToUndo(account: String, itemID: String?)
    /// Someone else changed the item after the change to undo; nothing was written.
    case undoRefused(itemID: String, undoing: StateEvent, since: StateEvent)
    /// An SQLite failure during a read or write.
    case database(path: String, detail: String)
    /// The account's role (the configuration's `[roles]`) does not allow changing the item; the
    /// attempt was recorded in the `refused` table when `recorded`.
    case notPermitted(itemID: String, account: String, reason: String, recorded: Bool)
    /// A path that cannot name a database file (empty, a folder, a FIFO, a device, a link loop).
    case unusablePath(path: String, reason: String)
    /// An SQLite database with tables that are not RiverChief's (another program's file).
    case foreignDatabase(path: String, tables: [String])
    /// A reading command on a database that does not exist (reading never creates one).
    case noDatabase(path: String)
    /// This build cannot open that kind of database (a PostgreSQL address without the trait); the message says how.
    case unsupported(String)
    /// The file at the path is no longer the one that was opened (a backup restored over it);
    /// nothing was written, and the new file was opened instead.
    case replaced(path: String)
    /// The file that was opened is gone from its path (moved or deleted); nothing was written.
    case vanished(path: String)

    /// A refused write: the item, the base the writer had, and the events that landed since (oldest first).
    public struct Conflict: Equatable, Sendable {
        /// The item the refused write was for.
        public var itemID: String
        /// The `lastEventID` the writer had seen.
        public var base: Int64?
        /// The events on the item after `base` that changed a field the refused write would
        /// overwrite, oldest first.
        public var since: [StateEvent]
        /// The most recent of the intervening events.
        public var latest: StateEvent? { since.last }
    }

    public var description: String {
        switch self {
        case let .readOnly(path, account, cause):
            return "the state database \(path) is read-only for you (account \(account)): \(cause)"
        case let .directoryMissing(path, directory):
            return "cannot open the state database \(path): the directory \(directory) does not exist"
        case let .cannotCreate(path, directory, account):
            return "cannot create the state database \(path): the directory \(directory) is not writable for you (account \(account))"
        case let .notADatabase(path, detail):
            return "\(path) is not a RiverChief state database (not an SQLite file, or damaged: \(detail)); nothing was changed. Move it aside or choose another file with --db"
        case let .cannotOpen(path, detail):
            return "cannot open the state database \(path): \(detail)"
        case let .newerSchema(path):
            return "the state database \(path) was written by a newer riverchief; upgrade riverchief to use it"
        case let .outdatedReadOnly(path):
            return "the state database \(path) needs upgrading, which needs write access; run riverchief once as an account that can write it"
        case let .invalidProgress(text):
            return "progress must be a whole number from 0 to 100, not \"\(text)\""
        case let .invalidDeadline(text, reason):
            return "\"\(text)\" is not a valid deadline: \(reason) (or \"none\" to clear it)"
        case let .invalidItemID(id):
            return "\"\(id)\" is not a valid item id (empty, or contains spaces or control characters)"
        case let .invalidTargetValue(text):
            return "a target's value must be a number, such as 86.5, not \"\(text)\""
        case .emptyChange:
            return "nothing to change: give a status, progress, deadline or note"
        case let .conflict(c):
            guard let latest = c.latest else {
                return "\(c.itemID) changed after you read it; nothing was written. Look at it again, then repeat your change."
            }
            var lines = ["\(c.itemID) was changed by \(latest.account) at \(TimeText.local(millis: latest.atMillis)) "
                + "(\(latest.changeDescription)) after you read it; nothing was written."]
            if c.since.count > 1 {
                lines.append("Changes since you read it (\(c.since.count)):")
                for e in c.since.suffix(5) {
                    lines.append("  \(TimeText.local(millis: e.atMillis))  \(e.account)  \(e.changeDescription)")
                }
            }
            lines.append("Look at the item again, then repeat your change if it still applies.")
            return lines.joined(separator: "\n")
        case let .nothingToUndo(account, itemID):
            return "nothing to undo: account \(account) has no change left to undo" + (itemID.map { " on \($0)" } ?? "")
        case let .undoRefused(itemID, undoing, since):
            return "cannot undo your change to \(itemID) (\(undoing.changeDescription), \(TimeText.local(millis: undoing.atMillis))): "
                + "\(since.account) changed it since, at \(TimeText.local(millis: since.atMillis)) (\(since.changeDescription)); nothing was written"
        case let .database(path, detail):
            return "state database \(path): \(detail)"
        case let .notPermitted(itemID, account, reason, recorded):
            return "not allowed: \(itemID) cannot be changed by account \(account): \(reason); nothing was written"
                + (recorded ? " (the attempt is recorded)" : "")
        case let .unusablePath(path, reason):
            return "cannot use \"\(path)\" as the state database: \(reason)"
        case let .foreignDatabase(path, tables):
            let shown = tables.prefix(5).joined(separator: ", ") + (tables.count > 5 ? ", …" : "")
            return "\(path) is another program's SQLite database (tables: \(shown)), not a RiverChief state database; "
                + "nothing was changed. Choose another file with --db"
        case let .replaced(path):
            return "the state database \(path) was replaced while it was open (a backup restored?); nothing was written. "
                + "The new file is now open: look at the item again, then repeat your change"
        case let .vanished(path):
            return "the state database \(path) was moved or deleted while it was open; nothing was written, nor will be until a database is back at that path"
        case let .noDatabase(path):
            return "no state database at \(path) yet: nothing has been recorded there (`riverchief set` or the dashboard creates it)"
        case let .unsupported(message):
            return message
        }
    }
}

extension StoreError: LocalizedError {
    public var errorDescription: String? { description }
}
