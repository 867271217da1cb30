import XCTest
@testable import RiverChiefCore

/// Fixtures/ is beside this file; make_fixtures.py there writes it.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let library = root.appendingPathComponent("library")
    static let broken = root.appendingPathComponent("broken")

    /// Loads a broken case; diagnostics name files relative to Fixtures/broken.
    static func load(_ name: String) -> LoadResult {
        LibraryLoader(displayBase: broken.path).load(paths: [broken.appendingPathComponent(name)])
    }
}

final class ValidationFixtureTests: XCTestCase {
    /// Every broken case with the exact diagnostics it must produce: file, line:column, JSON path,
    /// message, and nothing else (so every error of a file is reported, and no cascade of extra ones).
    static let expected: [String: [String]] = [
        "bad-enum": [
            "bad-enum/model.json:23:15: error: $.units[1].kind: bad value \"ministry\": expected one of \"party-government\", \"department\", \"county\", \"leading-group\", \"office\", \"media\", \"public\"",
            "bad-enum/model.json:43:15: error: $.items[1].kind: bad value \"job\": expected one of \"section\", \"point\", \"task\"",
            "bad-enum/model.json:72:18: error: $.items[2].lead.basis: bad value \"guessed\": expected one of \"stated\", \"inferred\"",
        ],
        "broken-json": [
            "broken-json/model.json:9:17: error: invalid escape \"\\q\"",
            "broken-json/model.json:9:21: error: control character U+0009 in a string must be escaped",
            "broken-json/model.json:11:5: error: unexpected character '\"': expected \",\" or \"}\"",
        ],
        "cycle": [
            "cycle/model.json:44:17: error: $.items[1].parent: parent cycle: \"tiny.s1.p1\" → \"tiny.s1.p2\" → \"tiny.s1.p1\"",
        ],
        "duplicate-id": [
            "duplicate-id/model.json:61:13: error: $.items[2].id: duplicate item id \"tiny.t.meetings\" (first at 42:13)",
            "duplicate-id/model.json:85:13: error: $.items[3].id: id \"other.s9\" must start with the model id and a dot (\"tiny.\")",
        ],
        "duplicate-key": [
            "duplicate-key/model.json:11:5: error: duplicate key \"speaker_role\" (first at 10:5)",
        ],
        "format-and-controls": [
            "format-and-controls/model.json:2:13: error: $.format: format \"riverchief.model/2\" is not supported: expected \"riverchief.model/1\"",
            "format-and-controls/model.json:16:15: warning: $.units[0].name: control character U+0007 in \"市水利局\\u0007\"",
            "format-and-controls/model.json:45:16: warning: $.items[1].title: control character U+001B in \"定期召开\\u001B[31m联席会议\"",
        ],
        "invalid-utf8": [
            "invalid-utf8/model.json:9:17: error: invalid UTF-8 byte 0xFF at byte offset 153",
            "invalid-utf8/speech.txt:2:12: error: invalid UTF-8: byte 0xE6 at byte offset 56",
        ],
        "missing-field": [
            "missing-field/model.json:8:14: error: $.meeting: missing field \"speaker_role\"",
            "missing-field/model.json:27:5: error: $.items[0]: missing field \"title\"",
            "missing-field/model.json:39:5: error: $.items[1]: a task needs a lead unit: missing field \"lead\"",
        ],
        "missing-speech": [
            "missing-speech/model.json:5:13: error: $.source.file: speech file \"speech-missing.txt\" not found: missing-speech/speech-missing.txt",
        ],
        "span-out-of-range": [
            "span-out-of-range/model.json:47:15: error: $.items[1].span: span [10, 900) lies outside the speech (39 code points)",
            "span-out-of-range/model.json:66:15: error: $.items[2].span: span [30, 20) is not a range: it needs 0 ≤ start ≤ end",
        ],
        "span-text-mismatch": [
            "span-text-mismatch/model.json:6:19: error: $.source.codepoints: the speech has 39 code points, the model says 99: is it the right file?",
            "span-text-mismatch/model.json:46:15: error: $.items[1].text: text differs from the speech at span [9, 28) (first difference at code point 19): the model has \"要建立健全工作机制,按时召开联席会议。\", the speech has \"要建立健全工作机制,定期召开联席会议。\"",
        ],
        "two-models-colliding": [
            "two-models-colliding/b/model.json:3:9: error: $.id: model id \"tiny\" is also the id of two-models-colliding/a/model.json",
            "two-models-colliding/b/model.json:14:5: error: $.units[0]: unit \"city.water\" is defined differently in two-models-colliding/a/model.json: name \"水利局\" here, \"市水利局\" there",
            "two-models-colliding/b/model.json:29:13: error: $.items[0].id: id \"tiny.s1\" is also defined in two-models-colliding/a/model.json",
            "two-models-colliding/b/model.json:42:13: error: $.items[1].id: id \"tiny.t.meetings\" is also defined in two-models-colliding/a/model.json",
            "two-models-colliding/b/model.json:61:13: error: $.items[2].id: id \"tiny.t.local\" is also defined in two-models-colliding/a/model.json",
        ],
        "unknown-field": [
            "unknown-field/model.json:19:7: error: $.units[0].phone: unknown field \"phone\" (known: id, name, kind, short_name)",
            "unknown-field/model.json:60:7: error: $.items[1].owner: unknown field \"owner\" (known: id, kind, role, parent, marker, title, text, span, lead, supporting, territorial, targets, deadline)",
        ],
        "unknown-parent": [
            "unknown-parent/model.json:44:17: error: $.items[1].parent: unknown parent \"tiny.s7\"",
            "unknown-parent/model.json:63:17: error: $.items[2].parent: a task's parent must be a section or point, but \"tiny.t.meetings\" is a task",
        ],
        "unknown-target": [
            "unknown-target/model.json:58:9: error: $.items[1].targets[0]: unknown target \"tiny.g.nothing\"",
        ],
        "unknown-unit": [
            "unknown-unit/model.json:52:17: error: $.items[1].lead.unit: unknown unit \"city.foo\"",
            "unknown-unit/model.json:77:19: error: $.items[2].territorial[0].unit: unknown unit \"county.nowhere\"",
        ],
        "wrong-type": [
            "wrong-type/model.json:6:19: error: $.source.codepoints: expected an integer, found a string",
            "wrong-type/model.json:47:15: error: $.items[1].span: expected a span [start, end], found a string",
            "wrong-type/model.json:61:16: error: $.items[2].title: expected a string, found a number",
        ],
    ]

    func testEveryBrokenFixtureReportsExactlyItsErrors() throws {
        let cases = try FileManager.default.contentsOfDirectory(atPath: Fixtures.broken.path).sorted()
        XCTAssertEqual(Set(cases), Set(Self.expected.keys), "a fixture without expectations, or expectations without a fixture")
        for name in cases {
            let result = Fixtures.load(name)
            XCTAssertEqual(result.diagnostics.map(\.rendered), Self.expected[name] ?? [], name)
            let hasErrors = (Self.expected[name] ?? []).contains { $0.contains(": error: ") }
            XCTAssertEqual(result.library == nil, hasErrors, "\(name): a library only when there is no error")
        }
    }

    func testWarningsAloneStillGiveALibrary() throws {
        // format-and-controls has one error (format); without it only the warnings remain.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-warn-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Fixtures.broken.appendingPathComponent("format-and-controls"), to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("model.json")
        let text = try String(contentsOf: model, encoding: .utf8).replacingOccurrences(of: "riverchief.model/2", with: "riverchief.model/1")
        try text.write(to: model, atomically: true, encoding: .utf8)
        let result = LibraryLoader().load(paths: [dir])
        XCTAssertEqual(result.diagnostics.map(\.severity), [.warning, .warning])
        XCTAssertNotNil(result.library)
    }

    func testDiagnosticRenderingIsSanitisedAndHasAJSONForm() throws {
        let d = Diagnostic(.error, file: "Data/x/model.json", path: "$.items[3].lead.unit", line: 12, column: 5,
                           message: "unknown unit \"city.foo\u{1B}[2J\"")
        XCTAssertEqual(d.rendered, "Data/x/model.json:12:5: error: $.items[3].lead.unit: unknown unit \"city.foo\\e[2J\"")
        let json = JSONWriter.write(d.json, pretty: false)
        XCTAssertEqual(json, #"{"severity":"error","file":"Data/x/model.json","path":"$.items[3].lead.unit","line":12,"column":5,"message":"unknown unit \"city.foo\u001B[2J\""}"#)
        XCTAssertEqual(Diagnostic(.warning, file: "a", message: "m").rendered, "a: warning: m")
    }

    func testSpanMismatchShowsBothSidesTruncatedAroundTheDifference() {
        let source = SourceText(String(repeating: "黄河流域生态保护", count: 20) + "要定期召开联席会议" + String(repeating: "水", count: 50))
        let start = 160, end = source.count
        var text = "要按期召开联席会议" + String(repeating: "水", count: 50)
        XCTAssertEqual(SpanText.firstDifference(text, source, Span(start: start, end: end)), 1)
        text = "要定期召开联席会议" + String(repeating: "水", count: 49) + "火"
        let diff = SpanText.firstDifference(text, source, Span(start: start, end: end))
        XCTAssertEqual(diff, 58)
        XCTAssertEqual(SpanText.excerpt(text, around: 58), "…\"水水水水水水水水水水水水火\"")
        XCTAssertEqual(SpanText.excerpt(source, Span(start: 0, end: end), around: 100), "…\"" + String(repeating: "黄河流域生态保护", count: 4) + "\"…")
        XCTAssertNil(SpanText.firstDifference("要定期", source, Span(start: 160, end: 163)))
        XCTAssertEqual(SpanText.firstDifference("要定", source, Span(start: 160, end: 163)), 2, "a text shorter than its span differs")
    }

    func testUnreadableAndEmptyPaths() throws {
        let missing = LibraryLoader().load(paths: [URL(fileURLWithPath: "/nonexistent/riverchief")])
        XCTAssertEqual(missing.diagnostics.map(\.rendered), ["/nonexistent/riverchief: error: no such file or directory"])
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("rc-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let r = LibraryLoader(displayBase: empty.path).load(directory: empty)
        XCTAssertEqual(r.diagnostics.map(\.message), ["no model here: neither the folder nor any sub-folder holds a model.json"])
        XCTAssertNil(r.library)
    }
}
