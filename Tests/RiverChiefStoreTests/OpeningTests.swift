import XCTest
import GRDB
import RiverChiefCore
@testable import RiverChiefStore
#if canImport(Glibc)
import Glibc
#endif

final class OpeningTests: StoreTestCase {
    func testAFileTheAccountCannotWriteOpensReadOnlyAndRefusesWrites() throws {
        do {
            let owner = try openFile()
            try owner.write(Change(status: .inProgress, note: ProgressNote(done: "已部署")), to: "yr.t.a")
        }
        chmod(dbPath, 0o644)
        let reader = Origin(account: "carol", uid: 65534)
        try asUnprivileged {
            let store = try open(reader)
            XCTAssertTrue(store.isReadOnly)
            XCTAssertEqual(try store.state(of: "yr.t.a").status, .inProgress)
            XCTAssertEqual(try store.snapshot().count, 1)
            let error = assertStoreError("is read-only for you (account carol)") {
                try store.write(Change(status: .done), to: "yr.t.a")
            }
            XCTAssertEqual(error?.description.hasPrefix("the state database \(dbPath) is read-only"), true)
            XCTAssertTrue(error?.description.contains("is mode 0644") ?? false, error?.description ?? "")
            assertStoreError("read-only for you") { try store.undo() }
        }
        XCTAssertEqual(try openFile().eventCount(), 2)
    }

    func testAReadOnlyReaderStillSeesOthersWrites() throws {
        let owner = try openFile()
        try owner.write(Change(status: .inProgress), to: "yr.t.a")
        chmod(dbPath, 0o644)
        try asUnprivileged {
            let reader = try open(Origin(account: "carol", uid: 65534))
            let start = try reader.lastEventID()
            _ = seteuid(0)
            try owner.write(Change(status: .done), to: "yr.t.a")
            _ = seteuid(65534)
            XCTAssertEqual(try reader.changes(since: start).changed["yr.t.a"]?.status, .done)
        }
    }

    func testAReadOnlyFileWithoutItsWALFilesStillOpens() throws {
        do { try openFile().write(Change(progress: 55), to: "yr.t.a") }
        // A plain SQLite connection closing last removes the side files (as the sqlite3 shell does).
        try raw().writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        for side in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: dbPath + side) {
            try FileManager.default.removeItem(atPath: dbPath + side)
        }
        chmod(dbPath, 0o644)
        try asUnprivileged {
            let store = try open(Origin(account: "carol", uid: 65534))
            XCTAssertTrue(store.isReadOnly)
            XCTAssertEqual(try store.state(of: "yr.t.a").progress, 55)
        }
    }

    func testAnExplicitPathInAMissingDirectoryIsAClearError() throws {
        let path = dir.appendingPathComponent("no/such/dir/state.sqlite").path
        assertStoreError("the directory \(dir.path)/no/such/dir does not exist") { _ = try self.open(path: path) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("no").path))
    }

    func testTheDefaultPerUserPathCreatesItsDirectory() throws {
        let store = try Store.open(flag: nil, environment: ["XDG_DATA_HOME": dir.appendingPathComponent("xdg").path],
                                   origin: Self.alice)
        XCTAssertEqual(store.path, dir.appendingPathComponent("xdg/riverchief/state.sqlite").path)
        try store.write(Change(status: .done), to: "yr.t.a")
        XCTAssertTrue(FileManager.default.fileExists(atPath: store.path))
        // RIVERCHIEF_DB is explicit: its directory is not created.
        assertStoreError("does not exist") {
            _ = try Store.open(flag: nil, environment: ["RIVERCHIEF_DB": self.dir.appendingPathComponent("x/s.db").path])
        }
    }

    func testANonSQLiteFileIsAClearErrorAndIsLeftAlone() throws {
        let text = "这不是数据库\n{\"format\": \"riverchief.model/1\"}\n"
        try text.write(toFile: dbPath, atomically: true, encoding: .utf8)
        assertStoreError("is not a RiverChief state database") { _ = try self.openFile() }
        XCTAssertEqual(try String(contentsOfFile: dbPath, encoding: .utf8), text)
    }

    func testADamagedDatabaseIsAClearError() throws {
        do {
            let store = try openFile()
            for i in 1...200 { try store.write(Change(progress: i % 100 + 1, note: ProgressNote(done: String(repeating: "河", count: 50))), to: "yr.t.\(i)") }
        }
        try raw().writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        // Overwrite the header of the file.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dbPath))
        try handle.seek(toOffset: 0)
        handle.write(Data(repeating: 0x5A, count: 100))
        try handle.close()
        assertStoreError("not a RiverChief state database") { _ = try self.openFile() }
    }

    func testADirectoryGivenAsTheDatabaseIsAClearError() throws {
        assertStoreError("it is a folder; give the database file, e.g. \(dir.path)/state.sqlite") { _ = try self.open(path: self.dir.path) }
    }
}
