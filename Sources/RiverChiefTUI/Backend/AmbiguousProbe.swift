import Foundation
import RiverChiefCore

/// Finds out, before ncurses starts, how wide the terminal draws East Asian *ambiguous* characters,
/// as vim does: print one (●) at the start of the line, ask for the cursor position (ESC [ 6 n) and
/// read the reply with a short timeout. Column 2 means narrow, column 3 wide. No reply (a terminal
/// that does not answer) counts as narrow.
public enum AmbiguousProbe {
    /// The answer, or nil when the terminal did not reply in time.
    public static func run(inputFD: Int32 = 0, outputFD: Int32 = 1, timeoutMilliseconds: Int = 300) -> AmbiguousWidth? {
        guard isatty(inputFD) == 1, isatty(outputFD) == 1 else { return nil }
        var saved = termios()
        guard tcgetattr(inputFD, &saved) == 0 else { return nil }
        var rawMode = saved
        rawMode.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &rawMode.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 0
        }
        guard tcsetattr(inputFD, TCSANOW, &rawMode) == 0 else { return nil }
        defer {
            // Erase the probe character and put the line discipline back.
            writeAll(outputFD, "\r   \r")
            tcsetattr(inputFD, TCSANOW, &saved)
        }
        writeAll(outputFD, "\r\u{25CF}\u{1B}[6n")
        var reply: [UInt8] = []
        let deadline = Date().addingTimeInterval(Double(timeoutMilliseconds) / 1000)
        while Date() < deadline {
            var pfd = pollfd(fd: inputFD, events: Int16(POLLIN), revents: 0)
            let left = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
            guard poll(&pfd, 1, left) > 0 else { break }
            var buf = [UInt8](repeating: 0, count: 64)
            let n = Foundation.read(inputFD, &buf, 64)
            if n <= 0 { break }
            reply.append(contentsOf: buf[0..<n])
            if let width = parse(reply) { return width }
        }
        return parse(reply)
    }

    /// Reads "ESC [ row ; col R" (possibly after other bytes): column 3 → wide, 2 → narrow.
    public static func parse(_ bytes: [UInt8]) -> AmbiguousWidth? {
        guard let esc = bytes.lastIndex(of: 0x1B), let r = bytes[esc...].firstIndex(of: UInt8(ascii: "R")) else { return nil }
        let body = String(decoding: bytes[(esc + 1)..<r], as: UTF8.self)
        guard body.hasPrefix("["), let semi = body.firstIndex(of: ";"),
              let col = Int(body[body.index(after: semi)...]) else { return nil }
        switch col {
        case 2: return .narrow
        case 3: return .wide
        default: return nil
        }
    }

    private static func writeAll(_ fd: Int32, _ s: String) {
        let bytes = Array(s.utf8)
        let total = bytes.count
        var off = 0
        while off < total {
            let n = bytes.withUnsafeBytes { buf -> Int in
                guard let base = buf.baseAddress else { return -1 }
                return Foundation.write(fd, base + off, total - off)
            }
            if n <= 0 { return }
            off += n
        }
    }
}
