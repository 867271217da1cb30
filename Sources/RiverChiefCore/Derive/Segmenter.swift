// Cuts a speech into its parts: the title block, the preamble, the numbered sections (一、… or
// 第一部分), their points (一是, 首先, 第一, 其一, (一), 一要), the conclusion and the web footer or
// sign-off, each as a range of code points. Clauses.swift reads the work out of the parts.

struct PointCut {
    var number: Int
    var marker: String
    var title: String
    var range: Range<Int>
    /// What follows the point's title sentence (empty when the point is one sentence).
    var rest: Range<Int>
    /// The title sentence without its marker (the work, when the point is one sentence).
    var titleSentence: Range<Int>
}

struct SectionCut {
    var role: SectionRole
    var number: Int?
    var marker: String?
    var title: String
    var range: Range<Int>
    /// The section without its heading line.
    var body: Range<Int>
    var points: [PointCut] = []
}

struct Outline {
    var title: Range<Int>?
    var date: String?
    var footer: Range<Int>?
    var sections: [SectionCut] = []
}

enum Segmenter {
    static func outline(_ t: ScalarText) -> Outline {
        var o = Outline()
        let all = 0..<t.count
        var lines = t.lines(all)
        // The footer: trailing lines a website or a sign-off adds.
        var end = t.count
        while let last = lines.last {
            let r = t.trimmed(last)
            if r.isEmpty || isFooter(t, r) {
                if !r.isEmpty { o.footer = r.lowerBound..<(o.footer?.upperBound ?? r.upperBound) }
                end = last.lowerBound
                lines.removeLast()
            } else {
                break
            }
        }
        // The title block: the first line, if it reads as a title, and short meta lines after it
        // (the date, the speaker).
        var first = 0
        while first < lines.count && t.trimmed(lines[first]).isEmpty { first += 1 }
        if first < lines.count, isTitle(t, t.trimmed(lines[first])) {
            o.title = t.trimmed(lines[first])
            o.date = date(in: t.string(lines[first]))
            first += 1
            while first < lines.count {
                let r = t.trimmed(lines[first])
                if r.isEmpty { first += 1; continue }
                guard isMeta(t, r) else { break }
                if o.date == nil { o.date = date(in: t.string(r)) }
                first += 1
            }
        }
        guard first < lines.count else { return o }
        let content = lines[first].lowerBound..<max(lines[first].lowerBound, end)
        var contentLines = Array(lines[first...])
        // A sign-off sentence at the very end of the last paragraph (…贡献。谢谢大家!).
        var contentEnd = t.trimmed(content).upperBound
        if let cut = signOff(t, contentStart: content.lowerBound, end: contentEnd) { contentEnd = cut }
        contentLines = contentLines.filter { $0.lowerBound < contentEnd }

        let headings = chooseHeadings(t, contentLines)
        if headings.isEmpty {
            let r = t.trimmed(content.lowerBound..<contentEnd)
            var pre = SectionCut(role: .preamble, title: "前言", range: r, body: r)
            pre.points = points(t, r)
            if !r.isEmpty { o.sections.append(pre) }
            return o
        }
        let pre = t.trimmed(content.lowerBound..<headings[0].line.lowerBound)
        if !pre.isEmpty {
            o.sections.append(SectionCut(role: .preamble, title: "前言:会议背景与总体要求", range: pre, body: pre))
        }
        for (n, h) in headings.enumerated() {
            let stop = n + 1 < headings.count ? headings[n + 1].line.lowerBound : contentEnd
            var range = t.trimmed(h.line.lowerBound..<stop)
            var conclusion: Range<Int>?
            if n + 1 == headings.count {
                // The conclusion: a later paragraph of the last section opening with 总之, 同志们 or 综上.
                for line in t.lines(range).dropFirst() {
                    let a = t.trimmed(line).lowerBound
                    if ["总之", "同志们", "综上"].contains(where: { t.has($0, at: a) }) {
                        conclusion = t.trimmed(a..<range.upperBound)
                        range = t.trimmed(range.lowerBound..<a)
                        break
                    }
                }
            }
            let body = t.trimmed(min(h.line.upperBound, range.upperBound)..<range.upperBound)
            var cut = SectionCut(role: .body, number: h.value, marker: ScalarText.numeralText(h.value), title: h.title,
                                 range: range, body: body)
            cut.points = points(t, body)
            o.sections.append(cut)
            if let conclusion, !conclusion.isEmpty {
                o.sections.append(SectionCut(role: .conclusion, title: "结束语", range: conclusion, body: conclusion))
            }
        }
        return o
    }

    // MARK: Title, meta, footer

    static let footerWords = ["文章地址", "分享整理", "来源:", "来源：", "责任编辑", "本文链接", "http://", "https://", "(完)", "（完）",
                              "打印本页", "关闭窗口", "版权所有", "编辑:", "编辑：", "转载请注明", "原文链接", "【打印】", "【关闭】"]

    static func isFooter(_ t: ScalarText, _ r: Range<Int>) -> Bool {
        if footerWords.contains(where: { t.contains($0, in: r) }) { return true }
        return r.count <= 8 && t.contains("谢谢", in: r)
    }

    static func isTitle(_ t: ScalarText, _ r: Range<Int>) -> Bool {
        guard r.count > 0, r.count <= 80 else { return false }
        if t.contains("。", in: r) || t[r.upperBound - 1] == ":" || t[r.upperBound - 1] == "：" { return false }
        if heading(t, r) != nil { return false }
        return true
    }

    /// A short line under the title: a date, a speaker, a line in brackets.
    static func isMeta(_ t: ScalarText, _ r: Range<Int>) -> Bool {
        guard r.count <= 30, !t.contains("。", in: r), !t.contains(",", in: r), !t.contains("，", in: r) else { return false }
        let first = t[r.lowerBound]
        return first == "(" || first == "（" || first == "—" || date(in: t.string(r)) != nil
            || (t.contains("年", in: r) && t.contains("月", in: r))
    }

    /// yyyy-MM-dd from "2021年3月5日" (ASCII or full-width digits); nil when redacted (201x年) or absent.
    static func date(in s: String) -> String? {
        var digits = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            if c.value >= 0xFF10 && c.value <= 0xFF19 { digits.append(Unicode.Scalar(c.value - 0xFF10 + 0x30) ?? c) } else { digits.append(c) }
        }
        let u = Array(digits)
        func number(_ k: inout Int, max: Int) -> Int? {
            var v = 0, n = 0
            while k < u.count, let d = u[k].properties.numericType != nil ? Int(String(u[k])) : nil, n < max {
                v = v * 10 + d
                k += 1
                n += 1
            }
            return n > 0 ? v : nil
        }
        var k = 0
        while k < u.count {
            var j = k
            if let y = number(&j, max: 4), j - k == 4, j < u.count, u[j] == "年" {
                j += 1
                if let m = number(&j, max: 2), j < u.count, u[j] == "月" {
                    j += 1
                    if let d = number(&j, max: 2), j < u.count, u[j] == "日" || u[j] == "号",
                       (1...12).contains(m), (1...31).contains(d), y >= 1900 {
                        return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
                    }
                }
            }
            k += 1
        }
        return nil
    }

    /// Where a short thank-you sentence closing the speech starts, so no section takes it in.
    static func signOff(_ t: ScalarText, contentStart: Int, end: Int) -> Int? {
        guard end > contentStart else { return nil }
        var k = end - 1
        if ScalarText.endsSentence(t[k]) { k -= 1 }
        while k > contentStart && !ScalarText.endsSentence(t[k]) && t[k] != "\n" && end - k <= 12 { k -= 1 }
        let sentence = (k + 1)..<end
        guard end - k <= 12, t.contains("谢谢", in: sentence) else { return nil }
        return t.trimmed(contentStart..<(k + 1)).upperBound
    }

    // MARK: Sections

    struct Heading {
        var line: Range<Int>
        var value: Int
        var title: String
        var partStyle: Bool
    }

    /// A section heading at the start of `r`: 一、…, 一．…, 第一部分 ….
    static func heading(_ t: ScalarText, _ r: Range<Int>) -> Heading? {
        let a = t.trimmed(r).lowerBound
        var k = a, part = false
        var value: Int
        if t.has("第", at: k), let n = t.numeral(at: k + 1, in: r), t.has("部分", at: k + 1 + n.length) {
            value = n.value
            k += 1 + n.length + 2
            part = true
        } else if let n = t.numeral(at: k, in: r), k + n.length < r.upperBound,
                  ["、", ".", "．"].contains(t[k + n.length]) {
            value = n.value
            k += n.length + 1
        } else {
            return nil
        }
        while k < r.upperBound && (ScalarText.isSpace(t[k]) || [":", "：", "、", "—", "-"].contains(t[k])) { k += 1 }
        var e = k
        while e < r.upperBound && t[e] != "。" { e += 1 }
        let title = t.flat(k..<e)
        guard !title.isEmpty else { return nil }
        return Heading(line: r, value: value, title: title, partStyle: part)
    }

    /// The headings of the body: the run numbered 1, 2, 3 … that follows the announcement
    /// (讲四点意见), else the longest such run; numbered lists before it stay in the preamble.
    static func chooseHeadings(_ t: ScalarText, _ lines: [Range<Int>]) -> [Heading] {
        var found: [Heading] = []
        var announcements: [Int] = []
        for line in lines {
            if let h = heading(t, line) { found.append(h); continue }
            let r = t.trimmed(line)
            if ["点意见", "点要求", "点看法", "个方面", "方面的意见", "几点意见"].contains(where: { t.contains($0, in: r) }) {
                announcements.append(r.upperBound)
            }
        }
        var runs: [[Heading]] = []
        for h in found {
            if h.value == 1 {
                runs.append([h])
            } else if var last = runs.popLast() {
                if let prev = last.last, prev.value + 1 == h.value, prev.partStyle == h.partStyle { last.append(h) }
                runs.append(last)
            }
        }
        // The last announcement that a run follows (a later 几个方面 inside a section has none after it).
        for a in announcements.reversed() {
            if let run = runs.first(where: { $0[0].line.lowerBound >= a }) { return run }
        }
        var best: [Heading] = []
        for run in runs where run.count >= best.count { best = run }
        return best
    }
}
