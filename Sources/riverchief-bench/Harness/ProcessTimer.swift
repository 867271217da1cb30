import Foundation
import Glibc

/// Runs a whole process and measures it from outside: wall time from spawn to exit, and the child's
/// peak resident memory from wait4's rusage (what `/usr/bin/time -v` reports as maximum resident set).
struct ProcessRun {
    var wallMS: Double
    var peakRSSMiB: Double
    var status: Int32
    var stdoutBytes: Int
}

enum ProcessTimer {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `executable` with `arguments`; stdin is /dev/null, stdout goes to `stdoutPath`
    /// (default: a scratch file, so its size can be reported), stderr to `stderrPath` or /dev/null.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    stdoutPath: String? = nil, stderrPath: String? = nil) throws -> ProcessRun {
        let out = stdoutPath ?? NSTemporaryDirectory() + "rc-bench-stdout-\(getpid())"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)

        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = CStrings([executable] + arguments), envp = CStrings(env)
        var pid: pid_t = 0
        let t0 = monotonicNanos()
        let rc = posix_spawn(&pid, executable, &actions, nil, argv.pointers, envp.pointers)
        guard rc == 0 else { throw Failure(description: "cannot run \(executable): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        var ru = rusage()
        while wait4(pid, &status, 0, &ru) < 0 && errno == EINTR {}
        let wall = Double(monotonicNanos() - t0) / 1e6
        let size = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
        if stdoutPath == nil { unlink(out) }
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ProcessRun(wallMS: wall, peakRSSMiB: Double(ru.ru_maxrss) / 1024, status: exit, stdoutBytes: size)
    }
}

/// A NULL-terminated array of C strings that lives as long as this value (for argv/envp).
final class CStrings {
    let pointers: [UnsafeMutablePointer<CChar>?]
    init(_ strings: [String]) { pointers = strings.map { strdup($0) } + [nil] }
    deinit { for p in pointers { free(p) } }
}
