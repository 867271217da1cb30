// What the loader and validator report: severity, file, JSON path, line:column, message.

/// One problem found in a library, renderable as one line or as JSON.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable, Comparable {
        case warning, error
        public static func < (a: Severity, b: Severity) -> Bool { a == .warning && b == .error }
    }

    public var severity: Severity
    /// The file the problem is in, as the user named it (relative to the working directory when
    /// it lies below it).
    public var file: String
    /// Where in the JSON document (`$.items[3].lead.unit`), when the problem is in model.json.
    public var path: String?
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(_ severity: Severity, file: String, path: String? = nil, line: Int? = nil, column: Int? = nil,
                message: String) {
        self.severity = severity
        self.file = file
        self.path = path
        self.line = line
        self.column = column
        self.message = message
    }

    public var isError: Bool { severity == .error }

    /// `Data/x/model.json:12:5: error: $.items[3].lead.unit: unknown unit "city.foo"`, with control
    /// characters from the data escaped so the line is safe to print.
    public var rendered: String {
        var s = file
        if let line {
            s += ":\(line)"
            if let column { s += ":\(column)" }
        }
        s += ": \(severity.rawValue): "
        if let path { s += path + ": " }
        s += message
        return Sanitize.forTerminal(s)
    }

    public var description: String { rendered }

    /// `{"severity":…, "file":…, "path":…, "line":…, "column":…, "message":…}` (nulls kept, so every
    /// record has the same keys).
    public var json: JSONValue {
        .object([
            ("severity", .string(severity.rawValue)),
            ("file", .string(file)),
            ("path", .string(path)),
            ("line", line.map { .int($0) } ?? .null),
            ("column", column.map { .int($0) } ?? .null),
            ("message", .string(message)),
        ])
    }
}

extension Array where Element == Diagnostic {
    public var errorCount: Int { reduce(0) { $0 + ($1.isError ? 1 : 0) } }
    public var warningCount: Int { count - errorCount }
    public var hasErrors: Bool { contains { $0.isError } }
}
