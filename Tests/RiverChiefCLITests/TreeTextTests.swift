import RiverChiefCore
import XCTest
@testable import riverchief

/// `list`'s tree writes each label straight from the marker's and title's bytes when they are plain;
/// the line must be the one the label laid out as a `String` gives, whatever the text holds.
final class TreeTextTests: XCTestCase {
    func testLabelsFromTheirBytesAreTheLabelsLaidOut() throws {
        var rng = SystemRandomNumberGenerator()
        let pieces = ["黄", "河", "a", "Z", " ", "、", "。", "“", "…", "（", "1", "一是", "首先", "é", "e\u{301}", "😀",
                      "\t", "\u{1B}", "\u{85}", "\u{202E}", "\u{200B}", "한", "豈", "\u{8C48}", "\r\n"]
        func text(_ n: ClosedRange<Int>) -> String {
            (0..<Int.random(in: n, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
        }
        let tree = TreeText(library: Library(models: []), width: 80)
        var scratch: [UInt8] = []
        for _ in 0..<4_000 {
            let kind = ItemKind.allCases.randomElement(using: &rng)!
            let marker: String? = Bool.random(using: &rng) ? nil : text(0...2)
            var title = text(0...16)
            if kind == .point, let marker, Bool.random(using: &rng) { title = marker + title }
            let item = Item(id: "m.x", modelID: "m", kind: kind, parent: nil, marker: marker, title: title, text: "", span: Span(start: 0, end: 0))
            let width = Int.random(in: 0...24, using: &rng), indent = Int.random(in: 0...8, using: &rng)
            var expected: [UInt8] = [0x41], got: [UInt8] = [0x41]
            PlainBytes.appendFitted(item.label, indent: indent, width: width, into: &expected)
            tree.appendLabel(item, indent: indent, width: width, into: &got, scratch: &scratch)
            XCTAssertEqual(String(decoding: got, as: UTF8.self), String(decoding: expected, as: UTF8.self),
                           "\(kind) \(marker.debugDescription) \(title.debugDescription) \(indent) \(width)")
        }
    }
}
