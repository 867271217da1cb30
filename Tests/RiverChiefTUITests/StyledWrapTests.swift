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
                      "\n", "\n\n", "●", "é", "\u{301}", "\u{200B}", "👍", "河长制", "2020年", "Yellow"]
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
                }
            }
        }
    }

    /// A combining mark starting a run joins the last character of the run before: the text after
    /// it keeps its own style (it used to lose every style from there on).
    func testAMarkJoiningTheRunBeforeKeepsTheStylesAfterIt() {
        let bold = Style(.accent, bold: true)
        let lines = StyledText.wrap([Run("水e"), Run("\u{301}河长", bold), Run("制")], width: 40, ambiguous: .narrow)
        XCTAssertEqual(lines, [[Run("水e\u{301}"), Run("河长", bold), Run("制")]])
    }

    static func text(_ line: StyledLine) -> String { line.map(\.text).joined() }
}

