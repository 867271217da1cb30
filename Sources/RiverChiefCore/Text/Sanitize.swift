// Text from data (notes, unit names, the speech) never reaches a terminal raw.

public enum Sanitize {
    /// Replaces control characters (C0, DEL, C1), bidi overrides and lone surrogates' replacement
    /// with visible escapes: `\n`, `\t`, `\r`, `\e`, `\x07`, `\u{202E}`. Everything else is kept.
    public static func forTerminal(_ s: String) -> String {
        // Fast path: nothing to escape.
        if !s.unicodeScalars.contains(where: needsEscape) { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            guard needsEscape(u) else { out.append(u); continue }
            out.append(contentsOf: escape(u).unicodeScalars)
        }
        return String(out)
    }

    /// The same, for a single line: newlines become `\n` too (they do anyway: a newline is a control).
    public static func line(_ s: String) -> String { forTerminal(s) }

    @inlinable
    public static func needsEscape(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        if v < 0x20 || v == 0x7F { return true }
        if v >= 0x80 && v < 0xA0 { return true }
        // Bidirectional overrides and isolates can reorder what follows them on screen.
        if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) { return true }
        return false
    }

    static func escape(_ u: Unicode.Scalar) -> String {
        switch u.value {
        case 0x0A: return "\\n"
        case 0x09: return "\\t"
        case 0x0D: return "\\r"
        case 0x1B: return "\\e"
        default:
            let hex = String(u.value, radix: 16, uppercase: true)
            if u.value < 0x100 { return "\\x" + (hex.count < 2 ? "0" + hex : hex) }
            return "\\u{" + hex + "}"
        }
    }
}
