// Truncating, padding and wrapping by display width. Nothing here splits a character.

public enum TextLayout {
    /// Closing punctuation a line must not start with (禁则, kinsoku).
    public static let noLineStart: Set<Character> = [
        "，", "。", "、", "；", "：", "？", "！", "）", "》", "」", "』", "】", "〕", "〉", "”", "’",
        ",", ".", ";", ":", "?", "!", ")", "]", "}", "…", "—",
    ]
    /// Opening punctuation a line must not end with.
    public static let noLineEnd: Set<Character> = ["（", "《", "「", "『", "【", "〔", "〈", "“", "‘", "(", "[", "{"]

    /// The two sets by scalar, for the wrapper's look-ups: each of their characters is one scalar,
    /// and a character of more scalars (a mark on one of them) is none of them.
    static let noLineStartScalars = Set(noLineStart.compactMap(onlyScalar))
    static let noLineEndScalars = Set(noLineEnd.compactMap(onlyScalar))

    static func onlyScalar(_ c: Character) -> UInt32? {
        var scalars = c.unicodeScalars.makeIterator()
        guard let first = scalars.next(), scalars.next() == nil else { return nil }
        return first.value
    }

    static func isIn(_ set: Set<UInt32>, _ c: Character) -> Bool {
        guard let v = onlyScalar(c) else { return false }
        return set.contains(v)
    }

    /// The longest prefix of `s` that fits in `width` cells; if `s` does not fit, the prefix ends
    /// with `ellipsis` (…, one cell, or "..." where the ambiguous width is wide).
    public static func truncate(_ s: String, to width: Int, ellipsis: String = "…",
                                ambiguous: AmbiguousWidth = .narrow) -> String {
        guard width > 0 else { return "" }
        let total = DisplayWidth.of(s, ambiguous: ambiguous)
        if total <= width { return s }
        let ew = DisplayWidth.of(ellipsis, ambiguous: ambiguous)
        let room = width - ew
        if room < 0 { return prefix(s, fitting: width, ambiguous: ambiguous).0 }
        return prefix(s, fitting: room, ambiguous: ambiguous).0 + ellipsis
    }

    /// `s` truncated to `width` and padded with spaces to exactly `width` cells.
    public static func fit(_ s: String, to width: Int, ellipsis: String = "…",
                           ambiguous: AmbiguousWidth = .narrow) -> String {
        if let fitted = fitSimple(s, to: width, ellipsis: ellipsis, ambiguous: ambiguous) { return fitted }
        let t = truncate(s, to: width, ellipsis: ellipsis, ambiguous: ambiguous)
        return pad(t, to: width, ambiguous: ambiguous)
    }

    /// `fit` in one pass over the scalars, for text `DisplayWidth.simpleWidth` measures (each
    /// scalar a character of its own: most titles and unit names); nil for any other text. The
    /// same answer as `pad(truncate(…))` (tested), without breaking graphemes three times.
    static func fitSimple(_ s: String, to width: Int, ellipsis: String, ambiguous: AmbiguousWidth) -> String? {
        guard width > 0 else { return nil }
        let ew = DisplayWidth.of(ellipsis, ambiguous: ambiguous)
        let room = width - ew
        let scalars = s.unicodeScalars
        var used = 0
        // Where the prefix that fits in `room` (or in `width` when room < 0) ends, and its width.
        let limit = room < 0 ? width : room
        var cut = scalars.startIndex, cutWidth = 0, cutFound = false
        var i = scalars.startIndex
        while i < scalars.endIndex {
            guard let w = DisplayWidth.simpleWidth(of: scalars[i].value, ambiguous: ambiguous) else { return nil }
            if !cutFound && used + w > limit {
                cut = i
                cutWidth = used
                cutFound = true
            }
            used += w
            scalars.formIndex(after: &i)
        }
        if used <= width { return used == width ? s : s + String(repeating: " ", count: width - used) }
        var out = String(scalars[..<cut])
        var outWidth = cutWidth
        if room >= 0 {
            out += ellipsis
            outWidth += ew
        }
        return outWidth >= width ? out : out + String(repeating: " ", count: width - outWidth)
    }

    /// Pads with spaces on the right to `width` cells (no truncation).
    public static func pad(_ s: String, to width: Int, ambiguous: AmbiguousWidth = .narrow) -> String {
        let w = DisplayWidth.of(s, ambiguous: ambiguous)
        return w >= width ? s : s + String(repeating: " ", count: width - w)
    }

    /// Pads with spaces on the left to `width` cells.
    public static func padLeft(_ s: String, to width: Int, ambiguous: AmbiguousWidth = .narrow) -> String {
        let w = DisplayWidth.of(s, ambiguous: ambiguous)
        return w >= width ? s : String(repeating: " ", count: width - w) + s
    }

    /// The longest prefix of whole characters within `width` cells, and its width.
    public static func prefix(_ s: String, fitting width: Int, ambiguous: AmbiguousWidth = .narrow) -> (String, Int) {
        var used = 0
        var end = s.startIndex
        for i in s.indices {
            let w = DisplayWidth.of(s[i], ambiguous: ambiguous)
            if used + w > width { break }
            used += w
            end = s.index(after: i)
        }
        return (String(s[s.startIndex..<end]), used)
    }

    /// Wraps `s` into lines of at most `width` cells. Breaks at spaces in Latin text where it can,
    /// anywhere between CJK characters, never before closing punctuation or after opening
    /// punctuation (the character before such a mark moves down with it), and at every newline in `s`.
    public static func wrap(_ s: String, width: Int, ambiguous: AmbiguousWidth = .narrow) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in s.split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append(contentsOf: wrapParagraph(paragraph, width: width, ambiguous: ambiguous))
        }
        return lines
    }

    static func wrapParagraph(_ paragraph: Substring, width: Int, ambiguous: AmbiguousWidth) -> [String] {
        if paragraph.isEmpty { return [""] }
        // The characters, and where each starts in the paragraph: a line is then copied whole.
        var chars: [Character] = [], starts: [String.Index] = []
        var at = paragraph.startIndex
        for c in paragraph {
            chars.append(c)
            starts.append(at)
            at = paragraph.utf8.index(at, offsetBy: c.utf8.count)
        }
        starts.append(paragraph.endIndex)
        var lines: [String] = []
        var start = 0
        while start < chars.count {
            var used = 0
            var end = start
            while end < chars.count {
                let w = DisplayWidth.of(chars[end], ambiguous: ambiguous)
                if used + w > width { break }
                used += w
                end += 1
            }
            if end == start { end = start + 1 } // a character wider than the line: emit it alone
            if end < chars.count {
                var e = kinsokuBreak(chars, start: start, end: end)
                // Latin words: break at the last space if the break falls inside a word.
                if isWordChar(chars[e]) && isWordChar(chars[e - 1]) {
                    if let sp = (start + 1..<e).last(where: { chars[$0] == " " }) { e = sp + 1 }
                    // A name longer than the line (a rule id, a path): after its last . / - _, not inside a word.
                    else if let p = (start + 1..<e).last(where: { ".-_/".contains(chars[$0 - 1]) }) { e = p }
                    // A word after Chinese with no space before it ("(推断:lead.office…"): the word moves
                    // down whole, the line not ending with opening punctuation.
                    else if let w = (start + 1..<e).last(where: { !isWordChar(chars[$0 - 1]) }) {
                        e = kinsokuBreak(chars, start: start, end: w)
                    }
                }
                end = e
            }
            var line = String(paragraph[starts[start]..<starts[end]])
            while line.hasSuffix(" ") && end < chars.count { line.removeLast() }
            lines.append(line)
            start = end
            while start < chars.count && chars[start] == " " && end < chars.count { start += 1 }
        }
        return lines
    }

    /// Where a line of `chars` from `start` that fits up to `end` (exclusive, `end < chars.count`)
    /// breaks: before `end`, moved back so the next line does not start with closing punctuation
    /// and this one does not end with opening punctuation (the character before such a mark moves
    /// down with it). Never before `start + 1`.
    public static func kinsokuBreak(_ chars: [Character], start: Int, end: Int) -> Int {
        var e = end
        while e > start + 1 && e < chars.count && (isIn(noLineStartScalars, chars[e]) || isIn(noLineEndScalars, chars[e - 1])) { e -= 1 }
        return e
    }

    static func isWordChar(_ c: Character) -> Bool {
        guard let a = c.asciiValue else { return false }
        return (a >= 0x30 && a <= 0x39) || (a >= 0x41 && a <= 0x5A) || (a >= 0x61 && a <= 0x7A) || a == 0x2D || a == 0x5F
    }
}
