import XCTest
import GRDB
import RiverChiefCore
@testable import RiverChiefStore
#if canImport(Glibc)
import Glibc
#endif

/// The role check the store makes before writing, and the record of refused attempts.
class WriteGuardTests: StoreTestCase {
    /// A guard that lets only items under "yr.t.water." through, as a liaison's would.
    let waterOnly = WriteGuard(role: "liaison of 市水利局") { id in
        id.hasPrefix("yr.t.water.") ? nil : "you may change only the tasks your unit leads or supports"
    }

    func testARefusedWriteChangesNothingAndIsRecorded() throws {
        let store = try open(Self.bob, writeGuard: waterOnly)
        try store.write(Change(status: .inProgress), to: "yr.t.water.a")
        let error = assertStoreError("not allowed: yr.t.other cannot be changed by account bob") {
            try store.write(Change(status: .done, progress: 100), to: "yr.t.other")
        }
        XCTAssertEqual(error?.description,
                       "not allowed: yr.t.other cannot be changed by account bob: you may change only the tasks your unit leads or supports; nothing was written (the attempt is recorded)")
        XCTAssertEqual(try store.state(of: "yr.t.other"), .initial)
        XCTAssertEqual(try store.eventCount(), 1)
        let refused = try store.refusedAttempts()
        XCTAssertEqual(refused.count, 1)
        XCTAssertEqual(refused.first?.itemID, "yr.t.other")
        XCTAssertEqual(refused.first?.action, "set")
        XCTAssertEqual(refused.first?.attempted, "status done, progress 100")
        XCTAssertEqual(refused.first?.account, "bob")
        XCTAssertEqual(refused.first?.role, "liaison of 市水利局")
        // The record is append-only, like the events.
        XCTAssertThrowsError(try execute("DELETE FROM refused"))
    }

    func testUndoOfAChangeTheRoleNoLongerAllowsIsRefused() throws {
        try open(Self.bob).write(Change(progress: 30), to: "yr.t.other")
        let guarded = try open(Self.bob, writeGuard: waterOnly)
        assertStoreError("not allowed: yr.t.other") { try guarded.undo() }
        XCTAssertEqual(try guarded.state(of: "yr.t.other").progress, 30)
        XCTAssertEqual(try guarded.refusedAttempts().map(\.action), ["undo"])
    }
}

/// The modes of a new SQLite file and the read-only message (SQLite only).
final class StoreFileModeTests: StoreTestCase {

    func testANewDatabaseTakesItsDirectorysModeWhateverTheUmask() throws {
        let shared = dir.appendingPathComponent("shared").path
        XCTAssertEqual(mkdir(shared, 0o700), 0)
        chmod(shared, 0o2770)
        let old = umask(0o077)
        defer { umask(old) }
        let store = try Store(path: shared + "/state.sqlite", origin: StoreTestCase.alice)
        try store.write(Change(status: .inProgress), to: "yr.t.a")
        for f in ["", "-wal", "-shm"] {
            var st = stat()
            XCTAssertEqual(stat(shared + "/state.sqlite" + f, &st), 0)
            XCTAssertEqual(st.st_mode & 0o777, 0o660, "state.sqlite\(f)")
        }
        let own = dir.appendingPathComponent("own").path
        XCTAssertEqual(mkdir(own, 0o755), 0)
        chmod(own, 0o755)
        _ = try Store(path: own + "/state.sqlite", origin: StoreTestCase.alice)
        var st = stat()
        XCTAssertEqual(stat(own + "/state.sqlite", &st), 0)
        XCTAssertEqual(st.st_mode & 0o777, 0o644)
    }

    /// Item 7 of issue 12: a member of the file's group whose file is 0644 was told to join the group.
    func testAGroupMemberIsToldTheModeNotToJoinTheGroup() throws {
        guard geteuid() == 0 else { throw XCTSkip("needs root to give an account a supplementary group") }
        try open().write(Change(status: .inProgress), to: "yr.t.a")
        let gid: gid_t = 43_219
        for f in ["", "-wal", "-shm"] {
            chown(dbPath + f, 0, gid)
            chmod(dbPath + f, 0o644)
        }
        var saved = [gid_t](repeating: 0, count: 256)
        let n = getgroups(256, &saved)
        var mine: [gid_t] = [gid]
        XCTAssertEqual(setgroups(1, &mine), 0)
        XCTAssertEqual(setegid(65534), 0)
        XCTAssertEqual(seteuid(65534), 0)
        defer {
            _ = seteuid(0)
            _ = setegid(0)
            _ = setgroups(Int(max(0, n)), &saved)
        }
        let store = try openFile(Origin(account: "dora", uid: 65534))
        XCTAssertTrue(store.isReadOnly)
        let e = assertStoreError("read-only for you (account dora)") { try store.write(Change(progress: 5), to: "yr.t.a") }
        let text = e?.description ?? ""
        XCTAssertTrue(text.contains("is mode 0644, owner root, group gid43219: you are in group gid43219, but the group may not write it"), text)
        XCTAssertTrue(text.contains("chmod g+w"), text)
        XCTAssertFalse(text.contains("add you to"), text)
    }
}

/// The same tests on PostgreSQL.
final class WriteGuardTestsPostgreSQL: WriteGuardTests {
    override class var backend: Backend { .postgres }
    override func testARefusedWriteChangesNothingAndIsRecorded() throws { try super.testARefusedWriteChangesNothingAndIsRecorded() }
    override func testUndoOfAChangeTheRoleNoLongerAllowsIsRefused() throws { try super.testUndoOfAChangeTheRoleNoLongerAllowsIsRefused() }
}
