import XCTest
@testable import RiverChiefCore
@testable import RiverChiefTUI

/// The detail pane wraps only the lines it shows; those lines are the whole text's first ones.
final class StyledWrapTests: XCTestCase {
    /// Random texts of Chinese with its punctuation (kinsoku moves it), Latin words, long names,
    /// line breaks, wide and zero-width characters, in several styles: the first N lines wrapped
    /// alone equal the first N of the whole, at every width and N.
    func testTheFirstLinesAloneAreTheWholeTextsFirstLines() {
        let pieces = ["水土保持", "综合治理", "。", "，", "“生态流量”", "(", ")", "、", " ", "river chief office", "a.b-c_d/e",
                      "\n", "\n\n", "●", "é", "\u{301}", "\u{200B}", "👍", "河长制", "2020年", "Yellow",
                      String(repeating: " ", count: 45), "a" + String(repeating: " ", count: 30) + "b"]
        var rng = MonkeyTests.SeededRNG(state: 15)
        for _ in 0..<60 {
            var runs: [Run] = []
            for k in 0..<Int.random(in: 1...8, using: &rng) {
                var text = ""
                for _ in 0..<Int.random(in: 0...25, using: &rng) { text += pieces.randomElement(using: &rng) ?? "" }
                runs.append(Run(text, Style(k % 2 == 0 ? .normal : .accent, bold: k % 3 == 0)))
            }
            for ambiguous in [AmbiguousWidth.narrow, .wide] {
                for width in [1, 2, 3, 7, 20, 41] {
                    let whole = StyledText.wrap(runs, width: width, ambiguous: ambiguous)
                    for maxLines in [0, 1, 2, 5, 13, whole.count, whole.count + 3] {
                        let first = StyledText.wrap(runs, width: width, ambiguous: ambiguous, maxLines: maxLines)
                        XCTAssertEqual(first.map(Self.text), whole.prefix(maxLines).map(Self.text), "width \(width), \(maxLines) lines of \(runs.map(\.text))")
                        XCTAssertEqual(first, Array(whole.prefix(maxLines)), "width \(width), \(maxLines) lines")
                    }
                    // In one style (each line one run), the same lines.
                    let plain = StyledText.wrap(runs.map { Run($0.text, .plain) }, width: width, ambiguous: ambiguous)
                    XCTAssertEqual(plain, whole.map { Self.text($0).isEmpty ? [] : [Run(Self.text($0), .plain)] }, "width \(width), one style")
                    XCTAssertEqual(StyledText.wrap(runs.map { Run($0.text, .plain) }, width: width, ambiguous: ambiguous, maxLines: 3),
                                   Array(plain.prefix(3)), "width \(width), one style, 3 lines")
                }
            }
        }
    }

    /// Text from data is escaped, then wrapped: escaping only as much of it as the first N lines
    /// need (controls, carriage returns, bidirectional marks, runs of spaces that a break drops)
    /// gives the same first N lines as escaping all of it.
    func testEscapingOnlyWhatTheFirstLinesNeedGivesTheSameLines() {
        let pieces = ["水土保持", "。", "，", "“生态流量”", " ", "river chief", "a.b-c_d/e", "\n", "\r\n", "\r", "\u{1B}[31m",
                      "\u{7}", "\u{202E}", "\u{1}\u{301}", "\\r", "\t", "●", "👍", String(repeating: " ", count: 45), "河长制"]
        var rng = MonkeyTests.SeededRNG(state: 16)
        for _ in 0..<80 {
            var text = ""
            for _ in 0..<Int.random(in: 0...120, using: &rng) { text += pieces.randomElement(using: &rng) ?? "" }
            for ambiguous in [AmbiguousWidth.narrow, .wide] {
                for width in [1, 2, 5, 20, 41] {
                    let whole = StyledText.wrap([Run(sanitizeKeepingNewlines(text))], width: width, ambiguous: ambiguous)
                    for maxLines in [0, 1, 3, 8, whole.count, whole.count + 2] {
                        var reach = StyledText.Reach(width: width, ambiguous: ambiguous, maxLines: maxLines)
                        let start = sanitizeKeepingNewlines(text, reach: &reach)
                        let first = StyledText.wrap([Run(start)], width: width, ambiguous: ambiguous, maxLines: maxLines)
                        XCTAssertEqual(first, Array(whole.prefix(maxLines)), "width \(width), \(maxLines) lines of \(text.debugDescription)")
                    }
                }
            }
        }
        // What is escaped: a carriage return is left out (also in a CR LF line break), a
        // backslash and r in the text stay.
        XCTAssertEqual(sanitizeKeepingNewlines("a\r\nb\\rc\u{1B}"), "a\nb\\rc\\e")
    }

    /// A combining mark starting a run joins the last character of the run before: the text after
    /// it keeps its own style (it used to lose every style from there on).
    func testAMarkJoiningTheRunBeforeKeepsTheStylesAfterIt() {
        let bold = Style(.accent, bold: true)
        let lines = StyledText.wrap([Run("水e"), Run("\u{301}河长", bold), Run("制")], width: 40, ambiguous: .narrow)
        XCTAssertEqual(lines, [[Run("水e\u{301}"), Run("河长", bold), Run("制")]])
    }

    static func text(_ line: StyledLine) -> String { line.map(\.text).joined() }

    /// Scrolling the detail pane wraps its text only as far as the new position needs, and stops
    /// exactly where a scroll over the whole wrapped text would: at every item, width and key.
    func testDetailScrollStopsWhereTheWholeTextWould() throws {
        var checked = 0, scrolledPastTheTop = 0
        let library = try MonkeyTests.library()   // the seed: sections of several hundred characters
        for size in [Size(width: 100, height: 30), Size(width: 120, height: 40), Size(width: 80, height: 24)] {
            var state = Fixtures.state(library, size: size)
            press(&state, .tab)
            guard state.focus == .side, let pane = state.layout.side else { continue }
            let height = state.layout.sideListHeight
            for node in 0..<min(state.tree.count, 20) {
                state.treeCursor.select(node, count: state.tree.count, height: state.layout.mainListHeight)
                state.detailScroll = 0
                let whole = DetailView.lineCount(state, width: pane.width)
                let limit = max(0, whole - height)
                for key: Key in [.char("j"), .char("j"), .pageDown, .pageDown, .pageDown, .char("k"), .char("G"), .char("j"), .pageUp, .char("g"), .pageDown] {
                    let before = state.detailScroll
                    press(&state, key)
                    state.focus = .side
                    var expected = before
                    switch key {
                    case .char("j"): expected += 1
                    case .char("k"): expected -= 1
                    case .pageDown: expected += max(1, height - 1)
                    case .pageUp: expected -= max(1, height - 1)
                    case .char("G"): expected = limit
                    case .char("g"): expected = 0
                    default: break
                    }
                    XCTAssertEqual(state.detailScroll, min(max(0, expected), limit), "\(size) node \(node) key \(key)")
                    checked += 1
                    if state.detailScroll > 0 { scrolledPastTheTop += 1 }
                }
            }
        }
        XCTAssertGreaterThan(checked, 300, "the side pane had the keys")
        XCTAssertGreaterThan(scrolledPastTheTop, 50, "texts long enough to scroll")
    }
}
