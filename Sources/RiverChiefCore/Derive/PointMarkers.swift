// The points of a section: sentences opening with a marker of one family (一是, 首先/其次/再次/最后,
// 第一, 其一, (一), 一要), numbered one more each time. Segmenter calls `points` for each section.

extension Segmenter {
    enum Family: Equatable { case shi, yao, order, di, qi, paren }

    struct Marker {
        var family: Family
        var value: Int
        var start: Int
        var end: Int
        var text: String
        var last = false
    }

    /// The marker opening a sentence at `k`, if any.
    static func marker(_ t: ScalarText, at k: Int, in r: Range<Int>) -> Marker? {
        func punct(_ j: Int) -> Bool {
            j < r.upperBound && [",", "，", "、", ":", "：", " ", "\u{3000}"].contains(t[j])
        }
        let order: [(String, Int)] = [("首先", 1), ("其次", 2), ("再次", 3), ("最后", 99)]
        for (w, v) in order where t.has(w, at: k) && punct(k + 2) {
            return Marker(family: .order, value: v, start: k, end: k + 2, text: w, last: v == 99)
        }
        if let n = t.numeral(at: k, in: r), k + n.length < r.upperBound {
            let after = t[k + n.length]
            if after == "是" { return Marker(family: .shi, value: n.value, start: k, end: k + n.length + 1, text: t.string(k..<(k + n.length + 1))) }
            if after == "要" && !t.has("要求", at: k + n.length) {
                return Marker(family: .yao, value: n.value, start: k, end: k + n.length + 1, text: t.string(k..<(k + n.length + 1)))
            }
        }
        if t.has("第", at: k), let n = t.numeral(at: k + 1, in: r), punct(k + 1 + n.length) {
            return Marker(family: .di, value: n.value, start: k, end: k + 1 + n.length, text: t.string(k..<(k + 1 + n.length)))
        }
        if t.has("其", at: k), let n = t.numeral(at: k + 1, in: r), punct(k + 1 + n.length) {
            return Marker(family: .qi, value: n.value, start: k, end: k + 1 + n.length, text: t.string(k..<(k + 1 + n.length)))
        }
        if k < r.upperBound, t[k] == "(" || t[k] == "（", let n = t.numeral(at: k + 1, in: r), k + 1 + n.length < r.upperBound,
           t[k + 1 + n.length] == ")" || t[k + 1 + n.length] == "）" {
            return Marker(family: .paren, value: n.value, start: k, end: k + 2 + n.length, text: t.string(k..<(k + 2 + n.length)))
        }
        return nil
    }

    /// Positions in `r` where a sentence starts (after 。！？；: or a line break, white space skipped).
    static func sentenceStarts(_ t: ScalarText, _ r: Range<Int>) -> [Int] {
        var out: [Int] = []
        var atStart = true
        for k in r {
            let c = t[k]
            if ScalarText.isSpace(c) {
                if c == "\n" { atStart = true }
                continue
            }
            if atStart { out.append(k) }
            atStart = ScalarText.endsSentence(c)
        }
        return out
    }

    static func points(_ t: ScalarText, _ r: Range<Int>) -> [PointCut] {
        var chosen: [Marker] = []
        var family: Family?
        var previousStart = r.lowerBound
        for k in sentenceStarts(t, r) {
            defer { previousStart = k }
            guard let m = marker(t, at: k, in: r) else { continue }
            // An agenda (会议有三项议程:一是…) is not a list of points.
            if t.contains("议程", in: previousStart..<k) { continue }
            if let f = family {
                guard m.family == f, let last = chosen.last, !last.last, m.value == last.value + 1 || (m.last && m.family == .order) else { continue }
                chosen.append(m)
            } else if m.value == 1 {
                family = m.family
                chosen.append(m)
            }
        }
        var out: [PointCut] = []
        for (n, m) in chosen.enumerated() {
            let stop = n + 1 < chosen.count ? chosen[n + 1].start : r.upperBound
            let range = t.trimmed(m.start..<stop)
            var k = m.end
            while k < range.upperBound && (ScalarText.isSpace(t[k]) || [",", "，", "、", ":", "："].contains(t[k])) { k += 1 }
            let sentenceStart = k
            if t.has("要", at: k) && !t.has("要求", at: k) { k += 1 }
            if t.has("这是", at: k) { k += 2 }
            var e = k
            while e < range.upperBound && !ScalarText.endsSentence(t[e]) && !(m.family == .paren && t[e] == "\n") { e += 1 }
            let title = t.flat(k..<e)
            let restStart = min(range.upperBound, e + 1)
            out.append(PointCut(number: n + 1, marker: m.text, title: title.isEmpty ? m.text : title, range: range,
                                rest: t.trimmed(restStart..<range.upperBound), titleSentence: sentenceStart..<e))
        }
        return out
    }
}
