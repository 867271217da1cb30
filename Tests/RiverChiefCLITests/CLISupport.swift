import Foundation
import XCTest

/// Runs the built `riverchief` binary as a user would and collects what it prints.
enum CLI {
    /// The products folder (`.build/<config>/`): where the test bundle and `riverchief` live.
    static var productsDirectory: URL {
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return Bundle.main.bundleURL
    }

    static var binary: URL { productsDirectory.appendingPathComponent("riverchief") }

    /// The repository root (for Data/ and fixtures), from this file's path.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs a tool from PATH quietly; its exit status (-1 when it is not there).
    static func run(tool: String, _ arguments: [String]) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [tool] + arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// The run was stopped (SIGKILL) after the `timeout` it was given.
        var timedOut = false
        /// Ended by a signal (a crash: SIGILL 4, SIGSEGV 11, SIGTRAP 5 …) rather than an exit.
        var crashed: Bool { reason == .uncaughtSignal }
        var reason: Process.TerminationReason = .exit
    }

    /// Runs the binary with `arguments`. With a `timeout`, a run still going after that many
    /// seconds is killed and comes back with `timedOut` (a hang is a failure, not a stuck suite).
    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
                    currentDirectory: URL? = nil, executable: URL? = nil, launcher: [String] = [],
                    timeout: TimeInterval? = nil) throws -> Result {
        let p = Process()
        let program = executable ?? binary
        // A launcher (e.g. `setpriv --reuid=…`) runs the binary as another user.
        p.executableURL = launcher.first.map { URL(fileURLWithPath: $0) } ?? program
        p.arguments = launcher.isEmpty ? arguments : Array(launcher.dropFirst()) + [program.path] + arguments
        // The test home first (never the real one), then what the test sets.
        var env = TestHome.processEnvironment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        p.currentDirectoryURL = currentDirectory ?? repositoryRoot
        // Output goes to files, not pipes: nothing can block, whatever the size.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let outURL = dir.appendingPathComponent("out"), errURL = dir.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        p.standardOutput = out
        p.standardError = err
        let input = Pipe()
        p.standardInput = input
        try p.run()
        if let s = stdin { input.fileHandleForWriting.write(Data(s.utf8)) }
        try? input.fileHandleForWriting.close()
        var timedOut = false
        if let timeout {
            let end = Date().addingTimeInterval(timeout)
            while p.isRunning && Date() < end { usleep(20_000) }
            if p.isRunning {
                timedOut = true
                kill(p.processIdentifier, SIGKILL)
            }
        }
        p.waitUntilExit()
        try? out.close()
        try? err.close()
        return Result(status: p.terminationStatus,
                      stdout: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
                      stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self),
                      timedOut: timedOut, reason: p.terminationReason)
    }
}
