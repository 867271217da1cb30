import XCTest
@testable import RiverChiefCore

final class DisplayWidthTests: XCTestCase {
    func testMixedTitleFromTerminalNotes() {
        // 30 characters, 62 bytes, 46 columns (../shared/docs/terminal-notes.md).
        let title = "黄河流域生态保护 Yellow River 一是加强顶层设计"
        XCTAssertEqual(title.count, 30)
        XCTAssertEqual(title.utf8.count, 62)
        XCTAssertEqual(DisplayWidth.of(title), 46)
    }

    func testFullWidthPunctuationIsWideAndAmbiguousFollowsSetting() {
        for p in ["、", "。", "，", "：", "《", "\u{3000}"] { XCTAssertEqual(DisplayWidth.of(p), 2, p) }
        for a in ["“", "”", "·", "—", "…", "℃", "①", "─", "●", "■", "→"] {
            XCTAssertEqual(DisplayWidth.of(a, ambiguous: .narrow), 1, a)
            XCTAssertEqual(DisplayWidth.of(a, ambiguous: .wide), 2, a)
        }
    }

    func testStringWidthIsTheSumOfItsCharactersWidths() {
        // Plain CJK/ASCII/punctuation takes a shortcut; anything else the grapheme rules: same answer.
        let strings = ["", "abc", "市水利局", "黄河流域生态保护,要(确保)“四乱”。", "全角：ＡＢＣ！", "〇〆〜〰",
                       "水\u{0301}利", "e\u{0301}", "〪〮字", "👍🏽", "❤\u{FE0F}", "🇨🇳", "한국어", "a\u{200B}b",
                       "tab\there", "“引号”—…", "ｶﾞ"]
        for text in strings {
            for amb in AmbiguousWidth.allCases {
                XCTAssertEqual(DisplayWidth.of(text, ambiguous: amb), text.reduce(0) { $0 + DisplayWidth.of($1, ambiguous: amb) },
                               "\(text.unicodeScalars.map { String($0.value, radix: 16) }) \(amb)")
            }
        }
    }

    /// The shortcut taken first for CJK ideographs, ideographic punctuation and fullwidth forms
    /// gives what the general rule (zero width by category, then the wide table) gives, at the
    /// edges of its ranges too (the ideographic tone marks U+302A–U+302D are marks).
    func testTheShortcutForChineseGivesWhatTheGeneralRuleGives() {
        var checked = 0
        for v in Array(0x2FF0...0x3040) + Array(0x4DF0...0xA00F) + Array(0xFEF0...0xFF70) {
            guard let u = Unicode.Scalar(UInt32(v)) else { continue }
            let general = DisplayWidth.isZeroWidth(u) ? 0 : DisplayWidth.isWide(u.value) ? 2 : 1
            for ambiguous in [AmbiguousWidth.narrow, .wide] {
                let rule = general == 1 && ambiguous == .wide && DisplayWidth.isAmbiguous(u.value) ? 2 : general
                XCTAssertEqual(DisplayWidth.of(u, ambiguous: ambiguous), rule, String(format: "U+%04X", v))
            }
            checked += 1
        }
        XCTAssertGreaterThan(checked, 21_000)
        XCTAssertEqual(DisplayWidth.of("\u{302A}" as Unicode.Scalar), 0)
        XCTAssertEqual(DisplayWidth.of("河" as Unicode.Scalar), 2)
    }

    func testCombiningMarksAndZeroWidth() {
        XCTAssertEqual(DisplayWidth.of("e\u{301}"), 1)
        XCTAssertEqual(DisplayWidth.of("a\u{200D}b"), 2)
    }

    func testTruncateNeverSplitsAWideCharacter() {
        let s = "黄河流域生态保护"
        XCTAssertEqual(TextLayout.truncate(s, to: 7), "黄河流…")
        XCTAssertEqual(DisplayWidth.of(TextLayout.fit(s, to: 6)), 6)
        XCTAssertEqual(TextLayout.fit(s, to: 6), "黄河… ")
        XCTAssertEqual(TextLayout.fit("ab", to: 5), "ab   ")
    }

    func testFitOfPlainTextInOnePassGivesWhatTruncateAndPadGive() {
        // fit's one-pass path (plain CJK, ASCII and punctuation) against the grapheme-by-grapheme one.
        var rng = SystemRandomNumberGenerator()
        let pieces = ["黄", "河", "a", "Z", " ", "、", "。", "“", "”", "…", "—", "（", "）", "1", "《", "》", "‘", "e\u{301}", "😀", "\t"]
        for _ in 0..<3_000 {
            let s = (0..<Int.random(in: 0...14, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let width = Int.random(in: 0...20, using: &rng)
            for ambiguous in [AmbiguousWidth.narrow, .wide] {
                for ellipsis in ["…", "...", ""] {
                    let slow = TextLayout.pad(TextLayout.truncate(s, to: width, ellipsis: ellipsis, ambiguous: ambiguous), to: width, ambiguous: ambiguous)
                    XCTAssertEqual(TextLayout.fit(s, to: width, ellipsis: ellipsis, ambiguous: ambiguous), slow,
                                   "\(s.debugDescription) to \(width), \(ambiguous), \(ellipsis.debugDescription)")
                }
            }
        }
    }

    func testPlainBytesMeasureCutPadAndSanitizeAsTheStringFunctions() {
        var rng = SystemRandomNumberGenerator()
        let pieces = ["黄", "河", "a", "Z", " ", "、", "。", "“", "”", "…", "—", "（", "）", "1", "《", "》", "é", "e\u{301}", "😀",
                      "\t", "\u{1B}", "\u{85}", "\u{202E}", "\u{2067}", "\u{2028}", "한"]
        for _ in 0..<3_000 {
            let s = (0..<Int.random(in: 0...14, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            XCTAssertEqual(PlainBytes.sanitized(s), Sanitize.forTerminal(s), s.debugDescription)
            let clean = Sanitize.forTerminal(s)
            XCTAssertEqual(PlainBytes.width(clean), DisplayWidth.of(clean), clean.debugDescription)
            // Plain text is measured in one pass and needs no sanitising.
            if let w = PlainBytes.plainWidth(s) {
                XCTAssertEqual(w, DisplayWidth.of(s), s.debugDescription)
                XCTAssertEqual(Sanitize.forTerminal(s), s, s.debugDescription)
            }
            let width = Int.random(in: 1...20, using: &rng), indent = Int.random(in: 0...8, using: &rng)
            var out: [UInt8] = [0x41]
            PlainBytes.appendFitted(clean, indent: indent, width: width, into: &out)
            XCTAssertEqual(String(decoding: out.dropFirst(), as: UTF8.self),
                           TextLayout.fit(String(repeating: " ", count: indent) + clean, to: width), "\(clean.debugDescription) \(indent) \(width)")
        }
    }

    func testWrapBreaksALongIdentifierAfterItsDotsNotInsideAWord() {
        // The detail pane's "(inferred: lead.eco-env.emergency)" in a 21-cell column.
        XCTAssertEqual(TextLayout.wrap("lead.eco-env.emergency)", width: 21), ["lead.eco-env.", "emergency)"])
        XCTAssertEqual(TextLayout.wrap("(inferred: lead.water)", width: 12), ["(inferred:", "lead.water)"])
        // After Chinese with no space: the word moves down whole (the detail pane's "(推断:lead.…)"),
        // and an opening bracket before it goes with it.
        XCTAssertEqual(TextLayout.wrap("领导小组办公室(推断:lead.office.after-meeting)", width: 24),
                       ["领导小组办公室(推断:", "lead.office.after-", "meeting)"])
        XCTAssertEqual(TextLayout.wrap("水土保持(lead.office", width: 12), ["水土保持", "(lead.office"])
        // A word with nowhere to break is still cut at the width.
        XCTAssertEqual(TextLayout.wrap("abcdefghij", width: 4), ["abcd", "efgh", "ij"])
    }

    func testWrapKeepsClosingPunctuationOffLineStart() {
        // Width 8 fits four ideographs; the fifth character is "，" which must not start a line.
        let lines = TextLayout.wrap("加强顶层设计，明确目标任务。", width: 12)
        for line in lines {
            XCTAssertLessThanOrEqual(DisplayWidth.of(line), 12)
            if let first = line.first { XCTAssertFalse(TextLayout.noLineStart.contains(first), line) }
        }
        XCTAssertEqual(lines.joined(), "加强顶层设计，明确目标任务。")
    }

    func testSanitizeEscapesControls() {
        XCTAssertEqual(Sanitize.forTerminal("a\u{1B}[2Jb\nc\t"), "a\\e[2Jb\\nc\\t")
        XCTAssertEqual(Sanitize.forTerminal("水\u{202E}利"), "水\\u{202E}利")
        XCTAssertEqual(Sanitize.forTerminal("市水利局"), "市水利局")
    }
}
