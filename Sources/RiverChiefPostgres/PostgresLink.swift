#if PostgreSQL
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import RiverChiefStore

/// A value bound to a query parameter.
enum Bind: Sendable {
    case text(String?)
    case int(Int64?)
    case double(Double?)
}

/// One connection to the server behind a synchronous face: each call sends its query on the
/// connection's event loop (one shared thread) and waits for the answer on the calling thread,
/// which is never an event-loop thread (the CLI's main thread, the dashboard's loader, writer and
/// poll threads). One call at a time (a lock), so a transaction's statements never interleave with
/// another thread's. A connection the server dropped (a restart) is opened again on the next call.
final class PostgresLink: @unchecked Sendable {
    let address: PostgresAddress
    /// The user the connection authenticates as.
    let user: String
    private let lock = NSRecursiveLock()
    private var connection: PostgresConnection?
    private var nextID = 1
    private static let logger = Logger(label: "riverchief.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    init(address: PostgresAddress, user: String) {
        self.address = address
        self.user = user
    }

    static var group: any EventLoopGroup { MultiThreadedEventLoopGroup.singleton }

    /// Opens the connection now (to report a wrong address or a refused login at open).
    func connect() throws {
        lock.lock(); defer { lock.unlock() }
        _ = try open()
    }

    private func open() throws -> PostgresConnection {
        if let c = connection, !c.isClosed { return c }
        connection = nil
        var config: PostgresConnection.Configuration
        let password = address.password ?? ProcessInfo.processInfo.environment["PGPASSWORD"]
        if let socket = address.socketPath {
            config = .init(unixSocketPath: socket, username: user, password: password, database: address.database)
        } else {
            config = .init(host: address.host ?? "localhost", port: address.port, username: user, password: password,
                           database: address.database, tls: .disable)
        }
        config.options.connectTimeout = .seconds(5)
        nextID += 1
        do {
            let c = try PostgresConnection.connect(on: Self.group.next(), configuration: config, id: nextID, logger: Self.logger).wait()
            connection = c
            return c
        } catch {
            throw PostgresFailure(error, address: address, user: user, connecting: true)
        }
    }

    /// Runs `sql` with `binds`, handing each row to `body`. Reconnects once when the connection
    /// was closed under it (outside a transaction only: a transaction's work is gone with its connection).
    func query(_ sql: String, _ binds: [Bind] = [], inTransaction: Bool = false, _ body: (PostgresRandomAccessRow) throws -> Void = { _ in }) throws {
        lock.lock(); defer { lock.unlock() }
        var bindings = PostgresBindings(capacity: binds.count)
        for b in binds {
            switch b {
            case .text(let v): bindings.append(v)
            case .int(let v): bindings.append(v)
            case .double(let v): bindings.append(v)
            }
        }
        let q = PostgresQuery(unsafeSQL: sql, binds: bindings)
        var attempt = 0
        while true {
            attempt += 1
            let c = try open()
            do {
                let result = try c.query(q, logger: Self.logger).wait()
                for row in result.rows { try body(row.makeRandomAccess()) }
                return
            } catch let e as PSQLError where e.code != .server && !inTransaction && attempt == 1 {
                connection = nil
                _ = try? c.close().wait()
                continue
            } catch let e as PSQLError {
                if e.code != .server { connection = nil; _ = try? c.close().wait() }
                throw PostgresFailure(e, address: address, user: user, connecting: false)
            }
        }
    }

    /// Runs a script of several statements, one after another (the extended protocol takes one
    /// at a time): split at each `;` that ends a line outside a `$$` body.
    func script(_ sql: String, inTransaction: Bool = false) throws {
        for statement in Self.statements(sql) { try query(statement, inTransaction: inTransaction) }
    }

    static func statements(_ sql: String) -> [String] {
        var out: [String] = [], current: [Substring] = [], inBody = false
        for line in sql.split(separator: "\n", omittingEmptySubsequences: false) {
            current.append(line)
            if line.components(separatedBy: "$$").count % 2 == 0 { inBody.toggle() }
            let t = line.trimmingCharacters(in: .whitespaces)
            if !inBody && t.hasSuffix(";") && !t.hasPrefix("--") {
                out.append(current.joined(separator: "\n"))
                current = []
            }
        }
        let rest = current.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty && !rest.split(separator: "\n").allSatisfy({ $0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }) {
            out.append(rest)
        }
        return out
    }

    /// Rows of `sql` read with `read`.
    func rows<T>(_ sql: String, _ binds: [Bind] = [], inTransaction: Bool = false, _ read: (PostgresRandomAccessRow) throws -> T) throws -> [T] {
        var out: [T] = []
        try query(sql, binds, inTransaction: inTransaction) { out.append(try read($0)) }
        return out
    }

    /// The first column of the first row.
    func scalar<T: PostgresDecodable>(_ sql: String, _ binds: [Bind] = [], as: T.Type = T.self) throws -> T? {
        try rows(sql, binds) { $0[0].bytes == nil ? nil : try $0[0].decode(T.self) }.first ?? nil
    }

    /// Runs `body` between BEGIN and COMMIT (ROLLBACK when it throws), holding the connection.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        lock.lock(); defer { lock.unlock() }
        try query("BEGIN")
        do {
            let r = try body()
            try query("COMMIT", inTransaction: true)
            return r
        } catch {
            try? query("ROLLBACK", inTransaction: true)
            throw error
        }
    }

    /// Listens on `channel`; `handler` runs on the event loop for each notification. Nil when the
    /// connection could not be opened or the LISTEN failed.
    func listen(_ channel: String, handler: @escaping @Sendable (String) -> Void) throws {
        lock.lock(); defer { lock.unlock() }
        let c = try open()
        c.addListener(channel: channel) { _, note in handler(note.payload) }
        try query("LISTEN \(channel)")
    }

    /// Whether the connection is open now.
    var isOpen: Bool {
        lock.lock(); defer { lock.unlock() }
        return connection.map { !$0.isClosed } ?? false
    }

    func close() {
        lock.lock(); defer { lock.unlock() }
        if let c = connection { _ = try? c.close().wait() }
        connection = nil
    }

    deinit {
        if let c = connection { _ = try? c.close().wait() }
    }
}

/// A failure from the server or the connection, in words for people.
struct PostgresFailure: Error, CustomStringConvertible {
    var sqlState: String?
    var message: String
    var hint: String?
    var isConnection: Bool
    var description: String

    init(_ error: Error, address: PostgresAddress, user: String, connecting: Bool) {
        let where_ = address.display
        if let e = error as? PSQLError {
            sqlState = e.serverInfo?[.sqlState]
            message = e.serverInfo?[.message] ?? "\(e.code)"
            hint = e.serverInfo?[.hint]
            isConnection = e.code != .server
            if e.code == .server {
                if sqlState == "28000" || sqlState == "28P01" {
                    description = "the PostgreSQL server at \(where_) refused user \(user): \(message)"
                } else if sqlState == "3D000" {
                    description = "the PostgreSQL server at \(where_) has no database \(address.database): \(message)"
                } else {
                    description = message
                }
            } else {
                let cause = e.underlying.map { "\($0)" } ?? "\(e.code)"
                description = "cannot reach the PostgreSQL server at \(where_) (\(cause))"
            }
        } else {
            sqlState = nil
            message = "\(error)"
            hint = nil
            isConnection = true
            description = "cannot reach the PostgreSQL server at \(where_) (\(error))"
        }
        _ = connecting
    }
}
#endif
