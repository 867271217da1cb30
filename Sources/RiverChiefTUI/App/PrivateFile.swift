import Foundation

/// A person's own small JSON file (drafts.json, settings.json): written whole to a new file of
/// mode 600 in a folder of mode 700 and renamed over the old one, so a reader never sees half of it
/// and nobody else can read it.
enum PrivateFile {
    /// Writes `value` as sorted, indented JSON to `path`. Returns what went wrong, naming `what`
    /// (e.g. "the drafts"), or nil when it was written.
    static func write<T: Encodable>(_ value: T, to path: String, what: String) -> String? {
        write(to: path, what: what) {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return try encoder.encode(value)
        }
    }

    /// Writes the bytes `make` gives to `path`, as `write(_:to:what:)` does.
    static func write(to path: String, what: String, _ make: () throws -> Data) -> String? {
        let fm = FileManager.default
        do {
            let dir = (path as NSString).deletingLastPathComponent
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let data = try make()
            let temp = path + ".tmp-\(getpid())"
            guard fm.createFile(atPath: temp, contents: data, attributes: [.posixPermissions: 0o600]) else {
                return "cannot save \(what): cannot write \(temp)"
            }
            if rename(temp, path) != 0 {
                let reason = String(cString: strerror(errno))
                try? fm.removeItem(atPath: temp)
                return "cannot save \(what): cannot replace \(path): \(reason)"
            }
            return nil
        } catch {
            return "cannot save \(what) in \(path): \(error.localizedDescription)"
        }
    }
}
