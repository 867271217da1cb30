import Foundation
import XCTest

/// Runs the built `riverchief-bench` (it sits beside the test bundle in `.build/<config>/`).
enum Bench {
    static var binary: URL {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("riverchief-bench")
        }
        return Bundle.main.bundleURL.appendingPathComponent("riverchief-bench")
    }

    /// This process's environment with HOME, the XDG folders and RIVERCHIEF_DB moved into one
    /// temporary folder (removed at exit): nothing the tool starts touches the real home.
    static let environment: [String: String] = {
        let root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("rc-bench-home-\(getpid())")
        var env = ProcessInfo.processInfo.environment
        for (name, sub) in [("HOME", "home"), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                            ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state")] {
            env[name] = root.appendingPathComponent(sub).path
        }
        env["RIVERCHIEF_DB"] = root.appendingPathComponent("state.sqlite").path
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + "/rc-bench-home-\(getpid())") }
        return env
    }()

    /// Runs the tool to completion; returns its exit status and standard error (stdout is discarded).
    static func run(_ arguments: [String]) throws -> (status: Int32, stderr: String) {
        let p = Process()
        p.executableURL = binary
        p.arguments = arguments
        p.environment = environment
        p.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        p.standardError = err
        try p.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A fresh temporary folder, removed when the test ends.
    static func temporaryDirectory(_ test: XCTestCase) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    /// Every file under `dir` with its bytes, keyed by relative path.
    static func files(_ dir: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let base = dir.standardizedFileURL.path
        guard let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey]) else { return out }
        for case let url as URL in e where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            out[String(url.standardizedFileURL.path.dropFirst(base.count))] = try Data(contentsOf: url)
        }
        return out
    }
}
