import Foundation
import XCTest

/// `riverchief migrate --from FILE --to postgresql://…` on the command line: the copy, the check,
/// a second run that copies nothing, and the history read back from PostgreSQL.
final class PostgresMigrateCommandTests: XCTestCase {
    var pg: PostgresFixture?

    override func tearDown() { pg?.tearDown() }

    func testMigrateCopiesTheHistoryChecksItAndCanRunAgain() throws {
        let pg = try PostgresFixture()
        self.pg = pg
        let file = pg.root.appendingPathComponent("state.sqlite").path
        for args in [["set", "yr2020.t.clean-energy", "--status", "in-progress", "--progress", "30"],
                     ["set", "yr2020.t.joint-meetings", "--status", "done", "--note", "已召开联席会议"],
                     ["undo"]] {
            let r = try CLI.run(args + ["--db", file])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        let first = try CLI.run(["migrate", "--from", file, "--to", pg.ownerURL])
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stdout.contains("events          6 copied, 0 already there"), first.stdout)
        XCTAssertTrue(first.stdout.contains("check           ok: both histories fold to the same state for all 2 items"), first.stdout)
        XCTAssertFalse(first.stdout.contains("riverchief-test"), "the password is never shown: \(first.stdout)")
        let again = try CLI.run(["migrate", "--from", file, "--to", pg.ownerURL])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("events          0 copied, 6 already there"), again.stdout)
        // The history as the PostgreSQL database tells it is the file's, line for line.
        let fromFile = try CLI.run(["history", "--db", file])
        let fromServer = try CLI.run(["history", "--db", pg.ownerURL])
        XCTAssertEqual(fromServer.stdout, fromFile.stdout)
        XCTAssertTrue(fromServer.stdout.contains("已召开联席会议"), fromServer.stdout)
        // Not an address: said plainly.
        let bad = try CLI.run(["migrate", "--from", file, "--to", file])
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.stderr.contains("--to must be a postgresql:// address"), bad.stderr)
    }
}
