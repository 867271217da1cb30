// The speech as an array of code points, with the few questions derive asks of it: a span's
// text, "does this word start here", "where is this word". Offsets are code points, as spans are.

struct ScalarText {
    let s: [Unicode.Scalar]

    init(_ text: String) { s = Array(text.unicodeScalars) }

    var count: Int { s.count }

    subscript(k: Int) -> Unicode.Scalar { s[k] }

    func string(_ r: Range<Int>) -> String {
        var out = String.UnicodeScalarView()
        out.append(contentsOf: s[r])
        return String(out)
    }

    /// The text of `r` without line breaks and other white space (hard-wrapped lines joined).
    func flat(_ r: Range<Int>) -> String {
        var out = String.UnicodeScalarView()
        for c in s[r] where !ScalarText.isSpace(c) { out.append(c) }
        return String(out)
    }

    func has(_ word: [Unicode.Scalar], at k: Int) -> Bool {
        guard k >= 0, k + word.count <= s.count else { return false }
        for j in word.indices where s[k + j] != word[j] { return false }
        return true
    }

    func has(_ word: String, at k: Int) -> Bool { has(Array(word.unicodeScalars), at: k) }

    /// The first place `word` starts inside `r` (the whole word inside), or nil.
    func find(_ word: String, in r: Range<Int>) -> Int? {
        let w = Array(word.unicodeScalars)
        guard !w.isEmpty, r.count >= w.count else { return nil }
        var k = r.lowerBound
        while k + w.count <= r.upperBound {
            if s[k] == w[0] && has(w, at: k) { return k }
            k += 1
        }
        return nil
    }

    func contains(_ word: String, in r: Range<Int>) -> Bool { find(word, in: r) != nil }

    /// `r` without white space at either end.
    func trimmed(_ r: Range<Int>) -> Range<Int> {
        var a = r.lowerBound, b = r.upperBound
        while a < b && ScalarText.isSpace(s[a]) { a += 1 }
        while b > a && ScalarText.isSpace(s[b - 1]) { b -= 1 }
        return a..<b
    }

    /// `r` cut at the positions `isCut` accepts (the cut character itself dropped), each piece
    /// trimmed, empty pieces left out: sentences, clauses, enumerations.
    func pieces(_ r: Range<Int>, isCut: (Int) -> Bool) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = r.lowerBound
        for k in r where isCut(k) {
            let piece = trimmed(start..<k)
            if !piece.isEmpty { out.append(piece) }
            start = k + 1
        }
        let piece = trimmed(start..<r.upperBound)
        if !piece.isEmpty { out.append(piece) }
        return out
    }

    /// The lines of `r` (without their `\n`).
    func lines(_ r: Range<Int>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = r.lowerBound
        for k in r where s[k] == "\n" {
            out.append(start..<k)
            start = k + 1
        }
        out.append(start..<r.upperBound)
        return out
    }

    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\n" || c == "\t" || c == "\u{3000}" || c == "\u{A0}" || c == "\r" || c == "\u{FEFF}"
    }

    /// 。！？；: and their half-width forms end a sentence.
    static func endsSentence(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "。", "！", "？", "；", "!", "?", ";", "：", ":": return true
        default: return false
        }
    }

    /// ，, and 、 inside a sentence.
    static func isComma(_ c: Unicode.Scalar) -> Bool { c == "，" || c == "," }

    static let numerals: [Unicode.Scalar: Int] = ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10]

    /// The Chinese numeral (一 … 九十九) starting at `k`: its value and length, or nil.
    func numeral(at k: Int, in r: Range<Int>) -> (value: Int, length: Int)? {
        var j = k, digits: [Int] = []
        while j < r.upperBound, let v = ScalarText.numerals[s[j]], digits.count < 3 {
            digits.append(v)
            j += 1
        }
        guard !digits.isEmpty else { return nil }
        var value: Int
        switch digits.count {
        case 1: value = digits[0]
        case 2:
            if digits[0] == 10 { value = 10 + digits[1] } else if digits[1] == 10 { value = digits[0] * 10 } else { return nil }
        default:
            guard digits[1] == 10, digits[0] < 10, digits[2] < 10 else { return nil }
            value = digits[0] * 10 + digits[2]
        }
        if digits.count == 2 && digits[0] == 10 && digits[1] == 10 { return nil }
        return (value, digits.count)
    }

    static func numeralText(_ n: Int) -> String {
        let d = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        if n <= 0 { return "" }
        if n < 10 { return d[n] }
        if n < 20 { return "十" + d[n - 10] }
        return d[n / 10] + "十" + d[n % 10]
    }
}

extension String {
    // Byte-wise tests for derive's vocabulary: no Unicode equivalence and no Foundation bridging
    // (`contains` through NSString was a third of deriving a 1,000-item speech).

    /// Whether `word`'s UTF-8 occurs in this string's.
    func includes(_ word: String) -> Bool {
        var text = self, word = word
        return text.withUTF8 { t in
            word.withUTF8 { w in
                guard let first = w.first else { return true }
                guard t.count >= w.count else { return false }
                var k = 0
                let last = t.count - w.count
                while k <= last {
                    if t[k] == first {
                        var j = 1
                        while j < w.count && t[k + j] == w[j] { j += 1 }
                        if j == w.count { return true }
                    }
                    k += 1
                }
                return false
            }
        }
    }

    func startsWith(_ word: String) -> Bool { utf8.starts(with: word.utf8) }

    func endsWith(_ word: String) -> Bool {
        let a = utf8, b = word.utf8
        return a.count >= b.count && a.suffix(b.count).elementsEqual(b)
    }
}
