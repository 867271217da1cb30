// Plain text laid out on its UTF-8 bytes, for output written as bytes (`riverchief list`).

/// Text measured, cut and padded on its UTF-8 bytes when it is plain (each scalar one character:
/// `DisplayWidth.simpleWidth`), else by `DisplayWidth`, `TextLayout` and `Sanitize`: the same
/// answers (tested), without grapheme breaking for the plain text nearly every line is.
public enum PlainBytes {
    /// Each scalar's width, or nil when a scalar is not plain.
    static func widths(_ bytes: UnsafeBufferPointer<UInt8>, _ each: (Int, Int) -> Void) -> Bool {
        var k = 0
        let n = bytes.count
        while k < n {
            let b = bytes[k]
            let v: UInt32, len: Int
            if b < 0x80 {
                v = UInt32(b)
                len = 1
            } else if b & 0xF0 == 0xE0, k + 2 < n {
                v = (UInt32(b & 0x0F) << 12) | (UInt32(bytes[k + 1] & 0x3F) << 6) | UInt32(bytes[k + 2] & 0x3F)
                len = 3
            } else {
                return false // two- and four-byte scalars are never plain
            }
            guard let w = DisplayWidth.simpleWidth(of: v, ambiguous: .narrow) else { return false }
            each(k, w)
            k += len
        }
        return true
    }

    /// The display width (narrow ambiguous), as `DisplayWidth.of`.
    public static func width(_ s: String) -> Int {
        var s = s
        return s.withUTF8 { bytes in
            var total = 0
            return widths(bytes) { _, w in total += w } ? total : nil
        } ?? DisplayWidth.of(s)
    }

    /// `s` as `Sanitize.forTerminal` gives it (itself when nothing needs escaping: checked on bytes).
    public static func sanitized(_ s: String) -> String {
        var s = s
        let clean = s.withUTF8 { b -> Bool in
            var k = 0
            while k < b.count {
                let c = b[k]
                if c < 0x20 || c == 0x7F { return false }
                if c == 0xC2, k + 1 < b.count, b[k + 1] >= 0x80, b[k + 1] < 0xA0 { return false } // C1 controls
                if c == 0xE2, k + 2 < b.count {
                    // U+202A–202E and U+2066–2069: bidirectional overrides and isolates.
                    if b[k + 1] == 0x80, b[k + 2] >= 0xAA, b[k + 2] <= 0xAE { return false }
                    if b[k + 1] == 0x81, b[k + 2] >= 0xA6, b[k + 2] <= 0xA9 { return false }
                }
                k += 1
            }
            return true
        }
        return clean ? s : Sanitize.forTerminal(s)
    }

    /// The display width of `s` when it is plain (as `width` measures it), else nil. Plain text
    /// has nothing `Sanitize.forTerminal` escapes (no control, C1, bidirectional or other format
    /// character is plain), so it is shown as it is.
    public static func plainWidth(_ s: String) -> Int? {
        var s = s
        // Printable ASCII (every id): a cell a byte.
        return s.withUTF8 { plainWidth(bytes: $0) }
    }

    /// `plainWidth` of the text whose UTF-8 bytes these are.
    public static func plainWidth(bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var k = 0
        while k < bytes.count, bytes[k] >= 0x20, bytes[k] < 0x7F { k += 1 }
        if k == bytes.count { return k }
        var total = 0
        return widths(bytes) { _, w in total += w } ? total : nil
    }

    /// Appends `indent` spaces and `s`, cut with … and padded to exactly `width` cells, as
    /// `TextLayout.fit(String(repeating: " ", count: indent) + s, to: width)` gives it.
    public static func appendFitted(_ s: String, indent: Int, width: Int, into out: inout [UInt8]) {
        var s = s
        let done = s.withUTF8 { appendFitted(bytes: $0, indent: indent, width: width, into: &out) }
        if !done {
            out.append(contentsOf: TextLayout.fit(String(repeating: " ", count: indent) + s, to: width).utf8)
        }
    }

    /// `appendFitted` of the text whose UTF-8 bytes these are, when it is plain; false, with
    /// nothing appended, when it is not (lay it out as a `String` then). Plain text needs no
    /// sanitising (see `plainWidth`).
    public static func appendFitted(bytes: UnsafeBufferPointer<UInt8>, indent: Int, width: Int, into out: inout [UInt8]) -> Bool {
        guard width > 0 else { return false }
        // "…" takes one cell: cut where the text would pass width - 1.
        let limit = width - 1
        var used = indent, cut = -1, cutWidth = 0
        let cutIndent = min(indent, limit)
        if indent > limit { cut = 0; cutWidth = limit }
        let plain = widths(bytes) { k, w in
            if cut < 0 && used + w > limit {
                cut = k
                cutWidth = used
            }
            used += w
        }
        guard plain else { return false }
        if used <= width {
            out.append(contentsOf: repeatElement(0x20, count: indent))
            out.append(contentsOf: bytes)
            out.append(contentsOf: repeatElement(0x20, count: width - used))
        } else {
            out.append(contentsOf: repeatElement(0x20, count: cutIndent))
            if cut > 0 { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[0..<cut])) }
            out.append(contentsOf: [0xE2, 0x80, 0xA6])
            out.append(contentsOf: repeatElement(0x20, count: max(0, width - cutWidth - 1)))
        }
        return true
    }
}
