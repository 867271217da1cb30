import ArgumentParser
import Foundation
import RiverChiefCore

/// Where text goes, and what the terminal is like.
enum Console {
    /// Writes `text` to stdout as it is (callers sanitise data first).
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes bytes to stdout as they are.
    static func out(bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// Writes bytes to stdout with write(2), all of them or an error: a failed write (a full
    /// disk) ends the command with the reason and exit 1.
    static func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard var p = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = Glibc.write(1, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                throw fail("cannot write the output: " + String(cString: strerror(errno)))
            }
            p += n
            left -= n
        }
    }

    /// One line on stderr.
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Prints `riverchief: message` on stderr and returns the exit to throw.
    static func fail(_ message: String) -> ExitCode {
        printError(message)
        return ExitCode(1)
    }

    /// Prints `riverchief: message` on stderr and returns exit `code` to throw.
    static func failWith(_ code: Int32, _ message: String) -> ExitCode {
        printError(message)
        return ExitCode(code)
    }

    /// `riverchief: <message>` on stderr, each line escaped for the terminal: messages quote
    /// paths, ids and data that may hold control characters.
    static func printError(_ message: String) {
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false).map { Sanitize.forTerminal(String($0)) }
        error("riverchief: " + lines.joined(separator: "\n"))
    }

    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Columns of the terminal on stdout (TIOCGWINSZ), else $COLUMNS, else 80.
    static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let c = AppConfig.environment["COLUMNS"], let n = Int(c), n > 0 { return n }
        return 80
    }
}
