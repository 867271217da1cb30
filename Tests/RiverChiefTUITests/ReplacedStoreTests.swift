import Foundation
import XCTest
import RiverChiefCore
import RiverChiefStore
@testable import RiverChiefTUI

/// The dashboard's store hooks when the database file is replaced or removed under them (real
/// SQLite files): a write that meets the change is refused, the new file is read and written. (That
/// the moved file keeps its events is checked from another process, in ReplacedDatabaseTmuxTests: in
/// one process SQLite shares a file's locks by inode, so reopening the moved file here says nothing.)
final class ReplacedStoreTests: XCTestCase {
    var dir: URL!
    var path: String { dir.appendingPathComponent("state.sqlite").path }
    let me = Origin(account: "tester", uid: 1000, host: "office1")

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-replaced-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// The restore the docs describe: the live file aside, the backup in, the live file's -wal and
    /// -shm removed (they belong to the file moved aside).
    func restore(_ backup: String, keepingOldAs old: String? = nil) {
        if let old { XCTAssertEqual(rename(path, old), 0) }
        XCTAssertEqual(rename(backup, path), 0)
        unlink(path + "-wal")
        unlink(path + "-shm")
    }

    /// Hooks over a new store at `path` with `change` recorded on `item`; the hooks hold the only
    /// reference (as the dashboard's do), so a replaced store is really closed.
    func connected(_ change: Change, to item: String) throws -> StoreHooks {
        let live = try Store(path: path, origin: me)
        try live.write(change, to: item)
        return StoreHooks.connect(live)
    }

    func testAWriteAfterAReplacementIsRefusedThenTheNewFileIsReadAndWritten() throws {
        let hooks = try connected(Change(status: .done), to: "yr.t.a")
        let backup = dir.appendingPathComponent("backup.sqlite").path
        try Store(path: backup, origin: me).write(Change(status: .blocked), to: "yr.t.b")
        XCTAssertEqual(try hooks.loadStates?()["yr.t.a"]?.status, .done)
        XCTAssertEqual(try hooks.pollChanges?(), [:])

        let old = dir.appendingPathComponent("old.sqlite").path
        restore(backup, keepingOldAs: old)

        XCTAssertThrowsError(try hooks.write?("yr.t.c", Change(status: .done), nil)) { error in
            XCTAssertEqual(error as? StoreError, .replaced(path: self.path))
        }
        XCTAssertNil(hooks.takeReplacement?(), "the refused write was the report")
        let reloaded = try XCTUnwrap(try hooks.pollChanges?())
        XCTAssertEqual(reloaded["yr.t.a"]?.status, .notStarted, "the old file's state is gone")
        XCTAssertEqual(reloaded["yr.t.b"]?.status, .blocked, "the backup's state is shown")
        XCTAssertEqual(try hooks.pollChanges?(), [:], "reloaded once")

        let written = try XCTUnwrap(try hooks.write?("yr.t.c", Change(status: .done), nil))
        XCTAssertEqual(written.events.count, 1)
        XCTAssertEqual(try Store(path: path, origin: me).state(of: "yr.t.c").status, .done)
    }

    func testAReplacementSeenByTheLookForChangesIsReportedOnce() throws {
        let hooks = try connected(Change(status: .done), to: "yr.t.a")
        _ = try hooks.loadStates?()
        let backup = dir.appendingPathComponent("backup.sqlite").path
        try Store(path: backup, origin: me).write(Change(progress: 30), to: "yr.t.a")
        restore(backup)
        let reloaded = try XCTUnwrap(try hooks.pollChanges?())
        XCTAssertEqual(reloaded["yr.t.a"]?.status, .notStarted)
        XCTAssertEqual(reloaded["yr.t.a"]?.progress, 30)
        XCTAssertEqual(hooks.takeReplacement?(), path)
        XCTAssertNil(hooks.takeReplacement?())
    }

    func testAFileGoneFromItsPathRefusesWritesAndCreatesNothing() throws {
        let hooks = try connected(Change(status: .done), to: "yr.t.a")
        let moved = dir.appendingPathComponent("moved.sqlite").path
        XCTAssertEqual(rename(path, moved), 0)
        XCTAssertThrowsError(try hooks.pollChanges?()) { XCTAssertEqual($0 as? StoreError, .vanished(path: self.path)) }
        // A write through the open connection would go into the -wal still at the old name.
        let walBefore = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int
        XCTAssertThrowsError(try hooks.write?("yr.t.a", Change(progress: 50), 1)) {
            XCTAssertEqual($0 as? StoreError, .vanished(path: self.path))
        }
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int, walBefore)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        // Put back: writes work again, into the same file.
        XCTAssertEqual(rename(moved, path), 0)
        XCTAssertEqual(try hooks.write?("yr.t.a", Change(progress: 50), 1).events.count, 1)
    }
}
