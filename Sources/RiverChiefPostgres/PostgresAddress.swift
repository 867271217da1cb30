import Foundation

/// A `postgresql://` (or `postgres://`) address as libpq writes it, read without libpq:
///
/// - `postgresql:///riverchief` — the local socket (`/var/run/postgresql`), the account of the
///   process as the user: the server's peer authentication checks that account;
/// - `postgresql://alice@db.city.example:5432/riverchief` — TCP, with a password (scram-sha-256)
///   from the address, else `PGPASSWORD`;
/// - `?host=/some/dir` names the socket's folder, as libpq's does; `?user=`, `?port=` likewise.
///
/// Known before the trait is built, so the CLI can tell a PostgreSQL address from a path in every build.
public struct PostgresAddress: Sendable, Equatable {
    /// The socket's folder, or nil for TCP.
    public var socketDirectory: String?
    public var host: String?
    public var port: Int
    /// The user named in the address; nil: the process's account.
    public var user: String?
    public var password: String?
    public var database: String

    /// True when `text` is meant as a PostgreSQL address rather than a file path.
    public static func isAddress(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgresql:") || lower.hasPrefix("postgres:")
    }

    /// Parses `text`; a message saying what is wrong otherwise.
    public static func parse(_ text: String) -> Result<PostgresAddress, PostgresAddressError> {
        guard isAddress(text) else { return .failure(.init("it does not start with postgresql://")) }
        guard let url = URLComponents(string: text), url.scheme?.lowercased().hasPrefix("postgres") == true else {
            return .failure(.init("it is not a valid address; write postgresql://[user[:password]@][host][:port]/database"))
        }
        var a = PostgresAddress(socketDirectory: nil, host: nil, port: 5432, user: nil, password: nil, database: "")
        a.user = url.user.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding ?? $0 }
        a.password = url.password.map { $0.removingPercentEncoding ?? $0 }
        if let p = url.port { a.port = p }
        let host = url.host.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding ?? $0 }
        var path = url.path
        if path.hasPrefix("/") { path.removeFirst() }
        a.database = path.removingPercentEncoding ?? path
        for item in url.queryItems ?? [] {
            switch item.name {
            case "host": if let v = item.value, !v.isEmpty { if v.hasPrefix("/") { a.socketDirectory = v } else { a.host = v } }
            case "user": a.user = item.value
            case "password": a.password = item.value
            case "port":
                guard let v = item.value, let p = Int(v), (1...65535).contains(p) else {
                    return .failure(.init("port \(item.value ?? "") is not a port number"))
                }
                a.port = p
            case "dbname": if let v = item.value { a.database = v }
            default:
                return .failure(.init("the option \(item.name) is not one riverchief knows (host, port, user, password, dbname)"))
            }
        }
        if a.socketDirectory == nil && a.host == nil {
            if let host, host.hasPrefix("/") { a.socketDirectory = host } else if let host { a.host = host } else {
                a.socketDirectory = "/var/run/postgresql"
            }
        }
        if a.socketDirectory != nil { a.host = nil }
        guard !a.database.isEmpty else {
            return .failure(.init("it names no database; write postgresql:///riverchief (the local socket) or postgresql://host/riverchief"))
        }
        return .success(a)
    }

    /// The socket file, for a socket address.
    public var socketPath: String? { socketDirectory.map { "\($0)/.s.PGSQL.\(port)" } }

    /// The address as shown to people: never the password.
    public var display: String {
        let who = user.map { $0 + "@" } ?? ""
        if let socketDirectory {
            let dir = socketDirectory == "/var/run/postgresql" ? "" : "?host=\(socketDirectory)"
            let port = self.port == 5432 ? "" : (dir.isEmpty ? "?port=\(self.port)" : "&port=\(self.port)")
            return "postgresql://\(who)/\(database)\(dir)\(port)"
        }
        return "postgresql://\(who)\(host ?? "")\(port == 5432 ? "" : ":\(port)")/\(database)"
    }
}

/// Why a `postgresql://` address could not be read.
public struct PostgresAddressError: Error, Equatable, Sendable {
    public var reason: String
    init(_ reason: String) { self.reason = reason }
}
