import Foundation
import XCTest

/// Issue 14, item 3: on PostgreSQL the server, not the program, decides who wrote and what they
/// may do. Real accounts connect over the local socket with peer authentication; a forged account
/// name, a direct UPDATE or INSERT, an undo of someone else's event, and a change the office's
/// roles do not allow are all refused by the server itself (psql goes past the program).
final class PostgresIdentityTests: XCTestCase {
    var pg: PostgresFixture!
    static let waterTask = "yr2020.t.strictest-water-management"
    static let otherTask = "yr2020.t.industrial-restructuring"

    override func setUpWithError() throws {
        pg = try PostgresFixture()
    }

    override func tearDownWithError() throws {
        pg?.tearDown()
    }

    func testEachEventRecordsTheAccountTheServerAuthenticatedAndAForgedOneIsRefused() throws {
        let alice = try pg.account("a"), bob = try pg.account("b")
        // $USER says someone else: the server knows better.
        let r = try pg.rc("a", ["set", Self.waterTask, "--status", "in-progress", "--db", pg.socketURL], environment: ["USER": bob])
        XCTAssertEqual(r.status, 0, r.stderr)
        try pg.rc("b", ["set", Self.otherTask, "--progress", "30", "--db", pg.socketURL])
        XCTAssertEqual(try pg.superuser("SELECT item_id || ' ' || account FROM events ORDER BY id"),
                       "\(Self.waterTask) \(alice)\n\(Self.otherTask) \(bob)")
        XCTAssertEqual(try pg.superuser("SELECT updated_by FROM current WHERE item_id = '\(Self.waterTask)'"), alice)
        // Alice names Bob's role in the address: peer authentication refuses it; nothing is written.
        let forged = try pg.rc("a", ["set", Self.waterTask, "--status", "done", "--db", "postgresql://\(bob)@/\(pg.database)"])
        XCTAssertNotEqual(forged.status, 0)
        XCTAssertTrue(forged.stderr.contains("refused user \(bob)"), forged.stderr)
        XCTAssertTrue(forged.stderr.contains("authentication failed"), forged.stderr)
        let forgedPsql = try pg.run("a", "/usr/bin/psql", ["-X", "-h", "/var/run/postgresql", "-U", bob, "-d", pg.database, "-c", "SELECT 1"])
        XCTAssertNotEqual(forgedPsql.status, 0)
        XCTAssertEqual(try pg.superuser("SELECT count(*) FROM events"), "2")
        // The history shows the accounts as recorded.
        let h = try pg.rc("b", ["history", "--db", pg.socketURL])
        XCTAssertTrue(h.stdout.contains(alice) && h.stdout.contains(bob), h.stdout)
    }

    func testADirectUpdateInsertOrForeignUndoByAPersonIsRefusedByTheServer() throws {
        let alice = try pg.account("a")
        let bob = try pg.account("b")
        XCTAssertEqual(try pg.rc("a", ["set", Self.waterTask, "--status", "behind", "--db", pg.socketURL]).status, 0)
        for sql in ["UPDATE events SET account = '\(bob)'",
                    "DELETE FROM events",
                    "UPDATE current SET progress = 100",
                    "INSERT INTO events (id, batch_id, item_id, kind, field, new_value, account, uid, at) VALUES (99, 99, 'x', 'status', 'status', 'done', '\(alice)', 0, 0)",
                    "TRUNCATE events"] {
            let r = try pg.psql("b", sql)
            XCTAssertNotEqual(r.status, 0, sql)
            XCTAssertTrue(r.stderr.contains("permission denied"), "\(sql): \(r.stderr)")
        }
        // Bob calls the append function himself to undo Alice's event: refused.
        let undo = try pg.psql("b", """
            SELECT riverchief_lock(); SELECT id FROM riverchief_append('\(Self.waterTask)', 1,
              '[{"kind":"undo","field":"status","old":"behind","new":"not-started","undoes":1}]'::jsonb, 0, NULL, NULL)
            """)
        XCTAssertNotEqual(undo.status, 0)
        XCTAssertTrue(undo.stderr.contains("is not an event of \(Self.waterTask) that \(bob) may undo"), undo.stderr)
        // Nor can he append with an old value that is not the item's: the log stays true.
        let lie = try pg.psql("b", """
            SELECT id FROM riverchief_append('\(Self.waterTask)', 1,
              '[{"kind":"progress","field":"progress","old":"90","new":"100"}]'::jsonb, 0, NULL, NULL)
            """)
        XCTAssertTrue(lie.stderr.contains("the old progress of \(Self.waterTask) is 0, not 90"), lie.stderr)
        // Even the tables' owner cannot rewrite the log (the append-only trigger).
        XCTAssertThrowsError(try pg.superuser("SET ROLE \(try ownerRole()); UPDATE events SET account = 'x'")) { e in
            XCTAssertTrue("\(e)".contains("events is append-only"), "\(e)")
        }
        XCTAssertEqual(try pg.superuser("SELECT account || ' ' || new_value FROM events"), "\(alice) behind")
        // doctor: the protections are in place.
        let d = try pg.rc("a", ["doctor", "--db", pg.socketURL])
        XCTAssertTrue(d.stdout.contains("integrity         ok"), d.stdout)
    }

    func testTheOfficesRolesAreEnforcedByTheServer() throws {
        let liaison = try pg.account("l"), viewer = try pg.account("v")
        try pg.account("o")
        // The office's roles, as the database's owner records them.
        try pg.superuser("""
            INSERT INTO riverchief_roles VALUES ('\(liaison)', 'liaison', 'city.water'), ('\(viewer)', 'viewer', NULL);
            INSERT INTO riverchief_unit_items VALUES ('city.water', '\(Self.waterTask)');
            """)
        XCTAssertEqual(try pg.rc("l", ["set", Self.waterTask, "--progress", "20", "--db", pg.socketURL]).status, 0)
        let other = try pg.rc("l", ["set", Self.otherTask, "--progress", "20", "--db", pg.socketURL])
        XCTAssertNotEqual(other.status, 0)
        XCTAssertTrue(other.stderr.contains("you are the liaison of city.water and may change only the tasks your unit leads or supports"), other.stderr)
        let viewed = try pg.rc("v", ["set", Self.waterTask, "--progress", "50", "--db", pg.socketURL])
        XCTAssertNotEqual(viewed.status, 0)
        XCTAssertTrue(viewed.stderr.contains("you are a viewer and may not change anything"), viewed.stderr)
        // Past the program: the function itself refuses the viewer, and an account with no role.
        for key in ["v", "o"] {
            let r = try pg.psql(key, """
                SELECT id FROM riverchief_append('\(Self.waterTask)', 1,
                  '[{"kind":"progress","field":"progress","old":"20","new":"60"}]'::jsonb, 0, NULL, NULL)
                """)
            XCTAssertNotEqual(r.status, 0, key)
            XCTAssertTrue(r.stderr.contains("viewer") || r.stderr.contains("has no role in this database"), r.stderr)
        }
        XCTAssertEqual(try pg.superuser("SELECT count(*) || ' ' || max(new_value) FROM events"), "1 20")
        // The viewer still reads.
        let list = try pg.rc("v", ["history", "--db", pg.socketURL])
        XCTAssertEqual(list.status, 0, list.stderr)
        XCTAssertTrue(list.stdout.contains(liaison), list.stdout)
    }

    func ownerRole() throws -> String {
        try pg.superuser("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()")
    }
}
