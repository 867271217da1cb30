import Foundation
import XCTest
@testable import RiverChiefStore
@testable import RiverChiefPostgres

/// A fresh database on the test server for one test, set up by its owner, with login roles for
/// the accounts the tests write as (alice, bob: password roles over TCP, as an office's people
/// over the network). `RIVERCHIEF_TEST_PG` is the address of a role that may create databases and
/// roles (`.ci/run` creates `riverchief_test`); without it, or without the `PostgreSQL` trait, the
/// test is skipped and says why.
final class PostgresTestDatabase: @unchecked Sendable {
    let name: String
    let admin: PostgresAddress
    #if PostgreSQL
    let adminLink: PostgresLink
    /// The database's owner (who set it up), for fixtures and hand edits.
    let owner: PostgresLink
    #endif
    static let password = "riverchief-test"

    static var skipReason: String? {
        #if PostgreSQL
        guard let url = ProcessInfo.processInfo.environment["RIVERCHIEF_TEST_PG"], !url.isEmpty else {
            return "PostgreSQL tests skipped: RIVERCHIEF_TEST_PG is not set (.ci/run starts a server and sets it)"
        }
        if case .failure(let e) = PostgresAddress.parse(url) { return "PostgreSQL tests skipped: RIVERCHIEF_TEST_PG: \(e.reason)" }
        return nil
        #else
        return "PostgreSQL tests skipped: built without the PostgreSQL trait (swift test --traits PostgreSQL)"
        #endif
    }

    nonisolated(unsafe) static var printed = false

    static func make() throws -> PostgresTestDatabase {
        if let why = skipReason {
            if !printed { print(why); printed = true }
            throw XCTSkip(why)
        }
        return try PostgresTestDatabase()
    }

    private init() throws {
        #if PostgreSQL
        let url = ProcessInfo.processInfo.environment["RIVERCHIEF_TEST_PG"] ?? ""
        admin = try PostgresAddress.parse(url).get()
        name = "rc_t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        adminLink = PostgresLink(address: admin, user: admin.user ?? "riverchief_test")
        do {
            try adminLink.connect()
        } catch {
            let why = "PostgreSQL tests skipped: no server at \(admin.display) (\(error))"
            if !Self.printed { print(why); Self.printed = true }
            throw XCTSkip(why)
        }
        for role in ["alice", "bob"] {
            try adminLink.query("""
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(role)') THEN
                    CREATE ROLE \(role) LOGIN PASSWORD '\(Self.password)';
                  END IF;
                END $$
                """)
        }
        try adminLink.query("CREATE DATABASE \(name)")
        var ownerAddress = admin
        ownerAddress.database = name
        owner = PostgresLink(address: ownerAddress, user: admin.user ?? "riverchief_test")
        // The owner sets the schema up, as `riverchief init --db …` does.
        _ = try PostgresStore(address: ownerAddress, origin: Origin(account: admin.user ?? "riverchief_test", uid: 0))
        #else
        throw XCTSkip("built without PostgreSQL")
        #endif
    }

    /// The address of this database for `account` (a password role over TCP).
    func address(for account: String) -> PostgresAddress {
        var a = admin
        a.database = name
        a.user = account
        a.password = Self.password
        return a
    }

    func open(_ origin: Origin, writeGuard: WriteGuard?) throws -> any StateStore {
        #if PostgreSQL
        return try PostgresStore(address: address(for: origin.account), origin: origin, writeGuard: writeGuard)
        #else
        throw XCTSkip("built without PostgreSQL")
        #endif
    }

    func drop() {
        #if PostgreSQL
        owner.close()
        try? adminLink.query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        adminLink.close()
        #endif
    }
}
