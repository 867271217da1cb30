import Foundation

// Where the model library is: --data DIR, then RIVERCHIEF_DATA, then the Data/ of the repository
// whose build tree holds the executable (so `swift run riverchief` works from any folder of the
// repository), then <bindir>/../share/riverchief/Data for an installed binary, then ./Data.

public enum LibraryLocator {
    /// One place looked at, for the message when nothing is found.
    public struct Attempt: Sendable, Equatable {
        /// "--data", "RIVERCHIEF_DATA", "build tree", "install prefix", "working directory".
        public var source: String
        /// The folder looked at, or nil when the source was not given.
        public var path: String?
        /// Why it was not used ("not given", "no such directory", …).
        public var outcome: String
    }

    public enum Outcome: Sendable {
        case found(URL, source: String)
        /// Nothing found; `explicit` when an explicitly named folder (--data, RIVERCHIEF_DATA) is missing.
        case notFound([Attempt], explicit: Bool)
    }

    /// Finds the library folder. An explicit choice (--data, RIVERCHIEF_DATA) that does not exist
    /// is an error, never silently replaced by a later candidate.
    public static func locate(option: String?, environment: [String: String], executable: URL?,
                              currentDirectory: URL) -> Outcome {
        var tried: [Attempt] = []
        for (source, value) in [("--data", option), ("RIVERCHIEF_DATA", environment["RIVERCHIEF_DATA"].flatMap { $0.isEmpty ? nil : $0 })] {
            guard let value else {
                tried.append(Attempt(source: source, path: nil, outcome: source == "--data" ? "not given" : "not set"))
                continue
            }
            let url = URL(fileURLWithPath: value, relativeTo: currentDirectory).standardizedFileURL
            if isDirectory(url) { return .found(url, source: source) }
            let outcome = exists(url) ? "not a directory"
                : ModelFinder.loop(url.path) ? "a symbolic link loop (a link that leads back to itself)" : "no such directory"
            tried.append(Attempt(source: source, path: value, outcome: outcome))
            return .notFound(tried, explicit: true)
        }
        var candidates: [(String, URL)] = []
        if let exe = executable?.resolvingSymlinksInPath() {
            if let root = buildTreeRoot(of: exe) { candidates.append(("build tree", root.appendingPathComponent("Data"))) }
            let bin = exe.deletingLastPathComponent()
            candidates.append(("install prefix", bin.deletingLastPathComponent()
                .appendingPathComponent("share/riverchief/Data").standardizedFileURL))
        }
        candidates.append(("working directory", currentDirectory.appendingPathComponent("Data").standardizedFileURL))
        for (source, url) in candidates {
            if isDirectory(url) { return .found(url, source: source) }
            tried.append(Attempt(source: source, path: url.path, outcome: "no such directory"))
        }
        return .notFound(tried, explicit: false)
    }

    /// The message for `.notFound`: what was tried and how to choose a library.
    public static func explain(_ tried: [Attempt], explicit: Bool) -> String {
        var lines: [String]
        if explicit, let last = tried.last {
            lines = ["model library \(last.path ?? "") (from \(last.source)): \(last.outcome)"]
        } else {
            lines = ["no model library found; looked at:"]
            for a in tried {
                lines.append("  \(a.source): " + (a.path.map { "\($0) (\(a.outcome))" } ?? a.outcome))
            }
            lines.append("give one with --data DIR or RIVERCHIEF_DATA=DIR")
        }
        return lines.joined(separator: "\n")
    }

    /// `locate` for this process: its executable and its working directory.
    public static func locateFromHere(option: String?, environment: [String: String]) -> Outcome {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        return locate(option: option, environment: environment, executable: currentExecutable(), currentDirectory: cwd)
    }

    /// The running executable's path (Linux: /proc/self/exe; else the bundle's executable).
    public static func currentExecutable() -> URL? {
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: target)
        }
        return Bundle.main.executableURL
    }

    /// The folder holding the `.build` (or `.build-…`) folder an executable was built into.
    public static func buildTreeRoot(of executable: URL) -> URL? {
        var dir = executable.deletingLastPathComponent()
        while dir.path != "/" && !dir.path.isEmpty {
            if dir.lastPathComponent.hasPrefix(".build") { return dir.deletingLastPathComponent() }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    static func isDirectory(_ url: URL) -> Bool {
        var d: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &d) && d.boolValue
    }

    static func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }
}
