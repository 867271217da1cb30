import Foundation

/// A problem in a configuration file: where (file, and line and column when known) and what.
/// The command line prints it and exits 2.
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `FILE:LINE:COL: error: message`, as `validate` reports the library's problems.
    public var description: String {
        var place = file
        if let line { place += ":\(line)" + (column.map { ":\($0)" } ?? "") }
        return "\(place): error: \(message)"
    }
}

/// Finds where a key is written, for messages about values TOMLKit has already parsed (it keeps
/// no positions): the first `key =` line under the `[table]` (or `[[table]]`) header.
struct KeyLocator {
    let lines: [Substring]

    init(text: String) { lines = text.split(separator: "\n", omittingEmptySubsequences: false) }

    func find(table: String, key: String?) -> (line: Int, column: Int)? {
        var current = ""
        for (n, raw) in lines.enumerated() {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            let indent = raw.count - line.count
            if line.hasPrefix("[") {
                let name = line.drop { $0 == "[" }.prefix { $0 != "]" }.trimmingCharacters(in: .whitespaces)
                current = name
                if key == nil && name == table { return (n + 1, indent + 1) }
                continue
            }
            guard let key, current == table, line.hasPrefix(key) else { continue }
            let rest = line.dropFirst(key.count).drop { $0 == " " || $0 == "\t" }
            if rest.hasPrefix("=") { return (n + 1, indent + 1) }
        }
        return nil
    }
}
