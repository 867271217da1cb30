// Byte offset → line:column, computed only when a diagnostic needs it, so a clean load pays
// nothing. Lines and columns are 1-based; a column counts characters (Unicode code points).

/// A 1-based line and column (the column in code points, not bytes).
public struct TextPosition: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public var description: String { "\(line):\(column)" }
}

/// Converts byte offsets of one file's bytes into line:column. Keeps the line starts (found once,
/// on first use) and the last answer, so offsets asked for in file order cost O(distance) even on a
/// file that is one long line.
public final class TextLocator {
    private let bytes: [UInt8]
    private var lineStarts: [Int] = []
    private var last: (offset: Int, line: Int, column: Int)?

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public func position(ofByte offset: Int) -> TextPosition {
        let offset = max(0, min(offset, bytes.count))
        if lineStarts.isEmpty { findLineStarts() }
        // The last line starting at or before `offset`.
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        let line = lo + 1
        var from = lineStarts[lo], column = 1
        if let l = last, l.line == line, l.offset <= offset { from = l.offset; column = l.column }
        bytes.withUnsafeBufferPointer { b in
            var k = from
            while k < offset {
                if b[k] & 0xC0 != 0x80 { column += 1 }
                k += 1
            }
        }
        last = (offset, line, column)
        return TextPosition(line: line, column: column)
    }

    private func findLineStarts() {
        lineStarts = [0]
        bytes.withUnsafeBufferPointer { b in
            for k in 0..<b.count where b[k] == 0x0A { lineStarts.append(k + 1) }
        }
    }
}
