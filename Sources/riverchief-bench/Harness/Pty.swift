import Foundation
import Glibc

/// A program running on a pseudo-terminal of a given size, as an SSH session would run it: we see
/// exactly the bytes it writes to the terminal, and when.
final class PtySession {
    let pid: pid_t
    let master: Int32
    /// When the process was started (monotonic ns).
    let started: UInt64
    private var exited = false
    private(set) var exitStatus: Int32 = 0
    private(set) var rusage = Glibc.rusage()

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// What one read-until-quiet collected.
    struct Burst {
        var bytes: [UInt8]
        /// Monotonic ns of the last byte received (0 when nothing came).
        var lastByteAt: UInt64
        var firstByteAt: UInt64
    }

    /// Starts `executable` on a new pty of `rows`×`cols` (TIOCSWINSZ is set before it runs).
    init(_ executable: String, _ arguments: [String], environment: [String: String], rows: Int, cols: Int) throws {
        let argv = CStrings([executable] + arguments)
        let envp = CStrings(environment.map { "\($0.key)=\($0.value)" }.sorted())
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(cols), ws_xpixel: 0, ws_ypixel: 0)
        var fd: Int32 = -1
        started = monotonicNanos()
        let child = forkpty(&fd, nil, nil, &size)
        if child == 0 {
            // In the child only async-signal-safe calls until exec: everything was prepared above.
            execve(executable, argv.pointers, envp.pointers)
            _exit(127)
        }
        guard child > 0 else { throw Failure(description: "forkpty failed: \(String(cString: strerror(errno)))") }
        pid = child
        master = fd
        withExtendedLifetime((argv, envp)) {}
    }

    deinit {
        if !exited { kill(pid, SIGKILL); reap(block: true) }
        close(master)
    }

    /// Waits up to `firstByteMS` for output to start, then reads until no byte has come for
    /// `quietMS`, or `timeoutMS` in all has passed. A program that needs a second to load is thus
    /// measured to its frame, and one that answers a key with nothing costs `firstByteMS`.
    func readUntilQuiet(quietMS: Int, firstByteMS: Int? = nil, timeoutMS: Int = 10_000) -> Burst {
        var burst = Burst(bytes: [], lastByteAt: 0, firstByteAt: 0)
        let deadline = monotonicNanos() + UInt64(timeoutMS) * 1_000_000
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let now = monotonicNanos()
            if now >= deadline { break }
            let window = burst.bytes.isEmpty ? (firstByteMS ?? quietMS) : quietMS
            let wait = min(window, Int((deadline - now) / 1_000_000) + 1)
            var p = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let r = poll(&p, 1, Int32(wait))
            if r < 0 { if errno == EINTR { continue }; break }
            if r == 0 { break }
            let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if n <= 0 { break } // EIO: the child closed the terminal (exited)
            let t = monotonicNanos()
            if burst.bytes.isEmpty { burst.firstByteAt = t }
            burst.lastByteAt = t
            burst.bytes.append(contentsOf: buffer[0..<n])
            answerQueries(in: buffer[0..<n])
        }
        return burst
    }

    /// A terminal answers a cursor-position request (ESC [ 6 n); programs that probe the width of
    /// ambiguous characters wait for it. We answer as a terminal drawing them one cell wide would.
    private func answerQueries(in bytes: ArraySlice<UInt8>) {
        let dsr: [UInt8] = [0x1B, 0x5B, 0x36, 0x6E]
        guard bytes.count >= 4 else { return }
        var i = bytes.startIndex
        while i <= bytes.endIndex - 4 {
            if Array(bytes[i..<i + 4]) == dsr { send(Array("\u{1B}[1;2R".utf8)) }
            i += 1
        }
    }

    /// Writes bytes as if typed; returns the monotonic time just after the write.
    @discardableResult
    func send(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { _ = write(master, $0.baseAddress, $0.count) }
        return monotonicNanos()
    }

    @discardableResult
    func send(_ text: String) -> UInt64 { send(Array(text.utf8)) }

    /// Waits for the process to end (after `q`), up to `timeoutMS`; kills it past that.
    /// Returns false when it had to be killed.
    @discardableResult
    func waitForExit(timeoutMS: Int = 5_000) -> Bool {
        let deadline = monotonicNanos() + UInt64(timeoutMS) * 1_000_000
        while monotonicNanos() < deadline {
            _ = readUntilQuiet(quietMS: 20, timeoutMS: 50)
            if reap(block: false) { return true }
        }
        kill(pid, SIGKILL)
        reap(block: true)
        return false
    }

    @discardableResult
    private func reap(block: Bool) -> Bool {
        guard !exited else { return true }
        var status: Int32 = 0
        let r = wait4(pid, &status, block ? 0 : WNOHANG, &rusage)
        if r == pid { exited = true; exitStatus = status; return true }
        return false
    }

    /// The child's peak resident memory in MiB (valid after it exited).
    var peakRSSMiB: Double { Double(rusage.ru_maxrss) / 1024 }
}
