import Foundation
import XCTest
import GRDB
@testable import RiverChiefStore
#if canImport(Glibc)
import Glibc
#endif

/// A temporary directory per test, removed afterwards; databases in it are real SQLite files.
class StoreTestCase: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // Readable by the unprivileged account the permission tests switch to.
        chmod(dir.path, 0o755)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    var dbPath: String { dir.appendingPathComponent("state.sqlite").path }

    static let alice = Origin(account: "alice", uid: 1001, host: "office1", sshClient: "10.0.0.5")
    static let bob = Origin(account: "bob", uid: 1002, host: "office1", sshClient: "10.0.0.6")

    func open(_ origin: Origin = StoreTestCase.alice, path: String? = nil) throws -> Store {
        try Store(path: path ?? dbPath, origin: origin)
    }

    /// A raw GRDB connection to the same file, for checks that must not go through the store.
    func raw(path: String? = nil) throws -> DatabaseQueue {
        try DatabaseQueue(path: path ?? dbPath)
    }

    /// Runs `body` with the effective uid/gid of `nobody` when the tests run as root (root ignores
    /// file permissions), so permission checks are real. As another user, runs it as is.
    func asUnprivileged<T>(_ body: () throws -> T) throws -> T {
        guard geteuid() == 0 else { return try body() }
        guard setegid(65534) == 0, seteuid(65534) == 0 else {
            throw XCTSkip("cannot switch to an unprivileged uid here")
        }
        defer {
            _ = seteuid(0)
            _ = setegid(0)
        }
        return try body()
    }

    /// Asserts `body` throws the given store error description fragment, returning the error.
    @discardableResult
    func assertStoreError(_ fragment: String, file: StaticString = #filePath, line: UInt = #line,
                          _ body: () throws -> Void) -> StoreError? {
        do {
            try body()
            XCTFail("expected an error containing \"\(fragment)\"", file: file, line: line)
        } catch let e as StoreError {
            XCTAssertTrue(e.description.contains(fragment), "\(e.description)", file: file, line: line)
            return e
        } catch {
            XCTFail("expected a StoreError, got \(error)", file: file, line: line)
        }
        return nil
    }
}
