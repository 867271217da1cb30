import Foundation
import RiverChiefCore
import TOMLKit

/// The reporting rules as the configuration gives them: plain values, each nil when not set
/// (the reports code has its own defaults).
public struct ReportSettings: Equatable, Sendable {
    /// "monthly", "weekly" or "quarterly".
    public var cadence: String?
    /// monthly: day of the month (1–31); weekly: weekday 1–7, Monday 1; quarterly: day of the quarter's last month.
    public var dueDay: Int?
    /// A yellow light when the deadline is this many days away or nearer.
    public var warnDays: Int?
    /// A yellow light when progress lags the time-proportional schedule by more than this many points.
    public var lagMargin: Int?

    public init(cadence: String? = nil, dueDay: Int? = nil, warnDays: Int? = nil, lagMargin: Int? = nil) {
        self.cadence = cadence
        self.dueDay = dueDay
        self.warnDays = warnDays
        self.lagMargin = lagMargin
    }

    /// `other`'s values where it has them, else these.
    public func overridden(by other: ReportSettings) -> ReportSettings {
        ReportSettings(cadence: other.cadence ?? cadence, dueDay: other.dueDay ?? dueDay,
                       warnDays: other.warnDays ?? warnDays, lagMargin: other.lagMargin ?? lagMargin)
    }
}

/// What one configuration file sets. Every field is optional: a file sets what it names.
public struct ConfigLayer: Equatable, Sendable {
    /// The file read.
    public var path: String
    /// `[store] db`, as written (relative paths are taken from the file's folder).
    public var db: String?
    /// `[display] lang`: "zh" or "en".
    public var lang: String?
    /// `[display] ambiguous`: "auto", "narrow" or "wide".
    public var ambiguous: String?
    /// `[reports]`.
    public var reports = ReportSettings()
    /// `[roles]`; only the system file may hold it.
    public var roles: RoleRules?

    public init(path: String) { self.path = path }
}

/// Reads one `config.toml`: TOML through TOMLKit, then the schema (docs/cli.md, "Configuration").
/// Unknown tables and keys, wrong types and values out of range are errors that name the key.
public enum ConfigFile {
    /// The largest configuration file read (a configuration is a few hundred bytes).
    public static let maximumSize = 1 << 20

    /// Reads `path`; nil when there is no such file. `allowRoles` is false for a user's own file,
    /// whose folder this account may not even be able to search (HOME pointing at another's home,
    /// as under `su` without `-`): then it counts as absent.
    public static func read(_ path: String, allowRoles: Bool) throws(ConfigError) -> ConfigLayer? {
        var st = stat()
        guard stat(path, &st) == 0 else {
            if errno == ENOENT || errno == ENOTDIR || (!allowRoles && errno == EACCES) { return nil }
            throw ConfigError(file: path, message: "cannot read it: \(String(cString: strerror(errno)))")
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw ConfigError(file: path, message: "not a regular file") }
        guard Int(st.st_size) <= maximumSize else {
            throw ConfigError(file: path, message: "\(st.st_size) bytes; a configuration file is at most \(maximumSize) bytes")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, message: "cannot read it (permission denied?)")
        }
        return try parse([UInt8](data), path: path, allowRoles: allowRoles)
    }

    /// Parses the text of a configuration file named `path` (for messages).
    public static func parse(_ bytes: [UInt8], path: String, allowRoles: Bool) throws(ConfigError) -> ConfigLayer {
        if let bad = UTF8Check.firstInvalidByte(in: bytes) {
            let before = bytes[..<bad]
            let line = before.filter { $0 == 0x0A }.count + 1
            let column = bad - (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
            throw ConfigError(file: path, line: line, column: column, message: "invalid UTF-8 (byte 0x\(String(bytes[bad], radix: 16)))")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw ConfigError(file: path, line: e.source.begin.line, column: e.source.begin.column, message: e.description)
        } catch {
            throw ConfigError(file: path, message: "\(error)")
        }
        var reader = Reader(path: path, locator: KeyLocator(text: text))
        return try reader.layer(table, allowRoles: allowRoles)
    }

    /// Walks the parsed tables against the schema.
    struct Reader {
        let path: String
        let locator: KeyLocator

        func fail(_ table: String, _ key: String?, _ message: String) -> ConfigError {
            let place = locator.find(table: table, key: key)
            return ConfigError(file: path, line: place?.line, column: place?.column, message: message)
        }

        func name(_ table: String, _ key: String) -> String { table.isEmpty ? key : "\(table).\(key)" }

        /// Each key of `t` must be one of `known`.
        func checkKeys(_ t: TOMLTable, in table: String, known: [String]) throws(ConfigError) {
            for key in t.keys where !known.contains(key) {
                let where_ = table.isEmpty ? "at the top level" : "in [\(table)]"
                throw fail(table, key, "unknown key \"\(Sanitize.forTerminal(name(table, key)))\" \(where_); known: \(known.joined(separator: ", "))")
            }
        }

        func subtable(_ t: TOMLTable, _ key: String) throws(ConfigError) -> TOMLTable? {
            guard let v = t[key] else { return nil }
            guard let sub = v.table else { throw fail("", key, "\"\(key)\" must be a table ([\(key)]), not a \(v.type)") }
            return sub
        }

        func string(_ t: TOMLTable, _ table: String, _ key: String, oneOf choices: [String]? = nil) throws(ConfigError) -> String? {
            guard let v = t[key] else { return nil }
            guard let s = v.string else { throw fail(table, key, "\(name(table, key)) must be a string, not a \(v.type)") }
            if let choices, !choices.contains(s) {
                throw fail(table, key, "\(name(table, key)) must be \(choices.joined(separator: ", ")), not \"\(Sanitize.forTerminal(s))\"")
            }
            if choices == nil && s.isEmpty { throw fail(table, key, "\(name(table, key)) is empty") }
            return s
        }

        func int(_ t: TOMLTable, _ table: String, _ key: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int? {
            guard let v = t[key] else { return nil }
            guard v.type == .int, let n = v.int else { throw fail(table, key, "\(name(table, key)) must be a whole number, not a \(v.type)") }
            guard range.contains(n) else {
                throw fail(table, key, "\(name(table, key)) must be from \(range.lowerBound) to \(range.upperBound), not \(n)")
            }
            return n
        }

        func strings(_ t: TOMLTable, _ table: String, _ key: String) throws(ConfigError) -> [String]? {
            guard let v = t[key] else { return nil }
            guard let a = v.array else { throw fail(table, key, "\(name(table, key)) must be a list of strings, such as [\"alice\", \"group:rcadmin\"]") }
            var out: [String] = []
            for element in a {
                guard let s = element.string else { throw fail(table, key, "\(name(table, key)) must hold only strings, not a \(element.type)") }
                if let problem = RoleRules.problem(in: s) {
                    throw fail(table, key, "\(name(table, key)): \"\(Sanitize.forTerminal(s))\" \(problem)")
                }
                out.append(s)
            }
            return out
        }

        mutating func layer(_ top: TOMLTable, allowRoles: Bool) throws(ConfigError) -> ConfigLayer {
            var layer = ConfigLayer(path: path)
            try checkKeys(top, in: "", known: ["store", "display", "reports", "roles"])
            if let store = try subtable(top, "store") {
                try checkKeys(store, in: "store", known: ["db"])
                layer.db = try string(store, "store", "db")
            }
            if let display = try subtable(top, "display") {
                try checkKeys(display, in: "display", known: ["lang", "ambiguous"])
                layer.lang = try string(display, "display", "lang", oneOf: ["zh", "en"])
                layer.ambiguous = try string(display, "display", "ambiguous", oneOf: ["auto", "narrow", "wide"])
            }
            if let reports = try subtable(top, "reports") {
                try checkKeys(reports, in: "reports", known: ["cadence", "due_day", "warn_days", "lag_margin"])
                let cadence = try string(reports, "reports", "cadence", oneOf: ["monthly", "weekly", "quarterly"])
                layer.reports = ReportSettings(
                    cadence: cadence,
                    dueDay: try int(reports, "reports", "due_day", in: cadence == "weekly" ? 1...7 : 1...31),
                    warnDays: try int(reports, "reports", "warn_days", in: 0...366),
                    lagMargin: try int(reports, "reports", "lag_margin", in: 0...100))
            }
            if let roles = try subtable(top, "roles") {
                guard allowRoles else {
                    throw fail("roles", nil, "[roles] is read only from the system configuration file; remove it from this file")
                }
                layer.roles = try self.roles(roles)
            }
            return layer
        }

        func roles(_ t: TOMLTable) throws(ConfigError) -> RoleRules {
            try checkKeys(t, in: "roles", known: ["admins", "viewers", "liaison"])
            var rules = RoleRules()
            rules.admins = try strings(t, "roles", "admins") ?? []
            rules.viewers = try strings(t, "roles", "viewers") ?? []
            if let v = t["liaison"] {
                guard let list = v.array else {
                    throw fail("roles", "liaison", "roles.liaison must be a list of tables: [[roles.liaison]] with unit and members")
                }
                for entry in list {
                    guard let e = entry.table else {
                        throw fail("roles.liaison", nil, "each [[roles.liaison]] must be a table with unit and members")
                    }
                    try checkKeys(e, in: "roles.liaison", known: ["unit", "members"])
                    guard let unit = try string(e, "roles.liaison", "unit") else {
                        throw fail("roles.liaison", nil, "a [[roles.liaison]] has no unit (a unit id or name from the library)")
                    }
                    rules.liaisons.append(.init(unit: unit, members: try strings(e, "roles.liaison", "members") ?? []))
                }
            }
            return rules
        }
    }
}
