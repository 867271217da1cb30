import Foundation
import GRDB
import GRDBSQLite
import RiverChiefCore

// The few places the store talks to SQLite's C API directly.

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

/// Binding values straight to an SQLite statement.
enum SQLiteBinding {
    /// SQLITE_TRANSIENT: SQLite copies the bound bytes before the call returns.
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// Column reads straight from an SQLite statement positioned on a row.
enum RawColumn {
    /// The column as UTF-8 text, nil for NULL.
    static func text(_ s: SQLiteStatement, _ i: Int32) -> String? {
        guard let p = sqlite3_column_text(s, i) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(s, i))), as: UTF8.self)
    }

    /// The column as a `Status`, matched on its bytes without building a string; nil when unknown.
    static func status(_ s: SQLiteStatement, _ i: Int32) -> Status? {
        guard let p = sqlite3_column_text(s, i) else { return nil }
        let bytes = UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(s, i)))
        for (raw, status) in statusBytes where raw.count == bytes.count && raw.elementsEqual(bytes) { return status }
        return nil
    }

    private static let statusBytes: [([UInt8], Status)] = Status.allCases.map { (Array($0.rawValue.utf8), $0) }

    /// Whether the column's text is exactly `word` (no string is built).
    static func equals(_ s: SQLiteStatement, _ i: Int32, _ word: StaticString) -> Bool {
        guard let p = sqlite3_column_text(s, i) else { return false }
        let n = Int(sqlite3_column_bytes(s, i))
        guard n == word.utf8CodeUnitCount else { return false }
        return memcmp(p, word.utf8Start, n) == 0
    }

    /// The column as a `Field` (an event's field), matched on its bytes; `.note` when unknown.
    static func field(_ s: SQLiteStatement, _ i: Int32) -> Field {
        if equals(s, i, "status") { return .status }
        if equals(s, i, "progress") { return .progress }
        if equals(s, i, "deadline") { return .deadline }
        return .note
    }

    /// Hands `body` the column's text bytes (none for NULL), without making a string.
    @inline(__always)
    static func withBytes<T>(_ s: SQLiteStatement, _ i: Int32, _ body: (UnsafeRawPointer, Int) -> T) -> T {
        guard let p = sqlite3_column_text(s, i) else {
            return withUnsafeBytes(of: 0) { body($0.baseAddress!, 0) }
        }
        return body(UnsafeRawPointer(p), Int(sqlite3_column_bytes(s, i)))
    }

    /// The column's text read as `Int(text)` reads it (nil for NULL or text that is no integer);
    /// plain digits are parsed from the bytes without making a string.
    static func integer(_ s: SQLiteStatement, _ i: Int32) -> Int? {
        guard let p = sqlite3_column_text(s, i) else { return nil }
        let n = Int(sqlite3_column_bytes(s, i))
        if n > 0 && n <= 18 {
            var v = 0
            for k in 0..<n {
                let d = Int(p[k]) - 0x30
                guard d >= 0 && d <= 9 else { return text(s, i).flatMap { Int($0) } }
                v = v * 10 + d
            }
            return v
        }
        return text(s, i).flatMap { Int($0) }
    }

    /// The column as an integer, nil for NULL.
    static func int64(_ s: SQLiteStatement, _ i: Int32) -> Int64? {
        sqlite3_column_type(s, i) == SQLITE_NULL ? nil : sqlite3_column_int64(s, i)
    }
}
