import Foundation
import XCTest
@testable import RiverChiefCore

/// `list --json` streams its array: the bytes must be exactly what the whole-tree writer gives.
final class JSONStreamTests: XCTestCase {
    func streamed(_ elements: [JSONValue], chunk: Int) -> (bytes: [UInt8], chunks: Int) {
        var out: [UInt8] = []
        var chunks = 0
        JSONWriter.streamArray(under: "items", elements, chunk: chunk) { out.append(contentsOf: $0); chunks += 1 }
        return (out, chunks)
    }

    func testABareArrayStreamIsByteIdenticalToTheTreeWriter() throws {
        let lib = try XCTUnwrap(LibraryLoader().load(directory: Fixtures.library).library)
        for elements in [[], lib.items.map(lib.json(of:))] {
            let whole = Array(JSONWriter.write(.array(elements)).utf8)
            for chunk in [1, 4096] {
                var out: [UInt8] = []
                var stream = JSONArrayStream(chunk: chunk) { out.append(contentsOf: $0) }
                for e in elements { stream.append(e) }
                stream.finish()
                XCTAssertEqual(out, whole, "\(elements.count) elements, chunk \(chunk)")
            }
        }
    }

    func testStreamIsByteIdenticalToTheTreeWriter() throws {
        let lib = try XCTUnwrap(LibraryLoader().load(directory: Fixtures.library).library)
        let elements = lib.items.map(lib.json(of:))
        let whole = Array(JSONWriter.write(.object([("items", .array(elements))])).utf8)
        for chunk in [1, 7, 4096, 1 << 20] {
            let (bytes, chunks) = streamed(elements, chunk: chunk)
            XCTAssertEqual(bytes, whole, "chunk \(chunk)")
            if chunk == 1 { XCTAssertGreaterThan(chunks, elements.count, "small chunks are handed out as they fill") }
            // Items written straight to bytes, with no tree: the same bytes again.
            var direct: [UInt8] = []
            JSONWriter.streamArray(under: "items", lib.items, chunk: chunk, element: { lib.writeJSON(of: $0, into: &$1, indent: 2) }) {
                direct.append(contentsOf: $0)
            }
            XCTAssertEqual(direct, whole, "direct, chunk \(chunk)")
        }
        XCTAssertTrue(lib.items.contains { $0.lead != nil && !$0.supporting.isEmpty && !$0.targets.isEmpty && $0.parent != nil },
                      "the fixture exercises every kind of field")
        XCTAssertTrue(lib.items.contains { $0.lead == nil && $0.marker != nil && $0.role != nil })
    }

    /// `list --json`'s writer (`ItemJSONWriter`) against the item emitter, on the fixture library
    /// read from its files (texts of their own) and from the cache (texts as ranges of the speech).
    func testItemWriterGivesTheEmittersBytes() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("rc-json-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let cache = LibraryCache(directory: work)
        _ = LibraryLoader(cache: cache).load(directory: Fixtures.library)
        let cached = LibraryLoader(cache: cache).load(directory: Fixtures.library)
        XCTAssertTrue(cached.fromCache)
        for lib in [try XCTUnwrap(LibraryLoader().load(directory: Fixtures.library).library), try XCTUnwrap(cached.library)] {
            for items in [lib.items, [], lib.items.filter { $0.kind == .task }.reversed()] {
                var expected: [UInt8] = []
                JSONWriter.streamArray(under: "items", items, element: { lib.writeJSON(of: $0, into: &$1, indent: 2) }) {
                    expected.append(contentsOf: $0)
                }
                for chunk in [1, 7, 4096, 1 << 22] {
                    var got: [UInt8] = []
                    var chunks = 0
                    ItemJSONWriter.stream(under: "items", items, library: lib, chunk: chunk) { got.append(contentsOf: $0); chunks += 1 }
                    XCTAssertEqual(String(decoding: got, as: UTF8.self), String(decoding: expected, as: UTF8.self), "\(items.count) items, chunk \(chunk)")
                    if chunk == 1 { XCTAssertGreaterThan(chunks, items.count) }
                }
            }
        }
        XCTAssertTrue(try XCTUnwrap(cached.library).items.contains { $0.textSlice != nil }, "the cache's texts are ranges of the speech")
    }

    func testItemWriterOnOddItems() throws {
        let lib = try XCTUnwrap(LibraryLoader().load(directory: Fixtures.library).library)
        let unit = try XCTUnwrap(lib.units.first?.id), target = try XCTUnwrap(lib.targets.first?.id)
        let odd = ["引号\"与\\n换行\n", "\u{1B}[31m", "\u{9B}6n\u{202E}\u{2067}", "“引号”…", "", String(repeating: "水", count: 300)]
        // A speech with invalid UTF-8 in it: the text made from it is repaired (U+FFFD), as `text` makes it.
        let goodSpeech = Array("前言：黄河\"流域\u{1}生态".utf8), badSpeech = Array("前言".utf8) + [0xFF, 0xFE] + Array("生态".utf8)
        var items: [Item] = []
        for (k, s) in odd.enumerated() {
            let a = [Assignment(unit: unit, basis: .stated), Assignment(unit: "nowhere.unit", basis: .inferred, rule: s),
                     Assignment(unit: unit, basis: .inferred, rule: "lead.x"), Assignment(unit: unit, basis: .inferred)]
            items.append(Item(id: s, modelID: "m\(s)", kind: ItemKind.allCases[k % 3], parent: k % 2 == 0 ? nil : s, marker: s,
                              role: k % 4 == 0 ? nil : SectionRole.allCases[k % 3], title: s, text: s, span: Span(start: -k, end: k * 1_000_000),
                              lead: k % 2 == 0 ? a[k % 4] : nil, supporting: Array(a.prefix(k % 5)), territorial: Array(a.suffix(k % 3)),
                              targets: Array([target, "nowhere.target", s, target].prefix(k % 5)), deadline: k % 2 == 0 ? s : nil))
            for speech in [goodSpeech, badSpeech] {
                items.append(try XCTUnwrap(Item(id: s, modelID: "m", kind: .task, parent: nil, marker: nil, role: nil, title: s, speech: speech,
                                                bytes: 0..<speech.count, span: Span(start: 0, end: 4), lead: a[k % 4], supporting: a,
                                                territorial: [], targets: [target], deadline: nil)))
            }
        }
        XCTAssertTrue(items.contains { $0.text.contains("\u{FFFD}") })
        let writer = ItemJSONWriter(library: lib, indent: 2)
        for indent in [0, 2, 5] {
            let w = indent == 2 ? writer : ItemJSONWriter(library: lib, indent: indent)
            for item in items + items {
                var expected: [UInt8] = []
                lib.writeJSON(of: item, into: &expected, indent: indent)
                let got = ByteBuffer(capacity: 1)
                w.write(item, into: got)
                XCTAssertEqual(String(decoding: got.bytes, as: UTF8.self), String(decoding: expected, as: UTF8.self), "\(item.id.debugDescription) at \(indent)")
            }
        }
    }

    func testEscapesAnywhereInLongStrings() {
        // The writer skips eight bytes at a time while none needs escaping: put one at every place.
        func reference(_ s: String) -> String {
            var out = "\""
            for c in s.unicodeScalars {
                switch c {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where c.value < 0x20 || (0x7F...0x9F).contains(c.value) || (0x202A...0x202E).contains(c.value)
                    || (0x2066...0x2069).contains(c.value):
                    out += String(format: "\\u%04X", c.value)
                default: out.unicodeScalars.append(c)
                }
            }
            return out + "\""
        }
        let base = Array("黄河流域ab生态保护cdefgh治理确保生态流量xyz".unicodeScalars)
        for special in ["\"", "\\", "\n", "\u{01}", "\u{1F}", "\t", "\u{7F}", "\u{80}", "\u{9B}", "\u{9F}", "\u{202A}",
                        "\u{202E}", "\u{2066}", "\u{2069}"] as [Unicode.Scalar] {
            for k in 0...base.count {
                var scalars = base
                scalars.insert(special, at: k)
                var s = ""
                s.unicodeScalars.append(contentsOf: scalars)
                XCTAssertEqual(JSONWriter.quoted(s), reference(s), "\(special.value) at \(k)")
            }
        }
        // DEL, C1 controls and bidirectional overrides are escaped (a terminal takes U+009B as CSI);
        // their neighbours are not: é (C3 A9), U+00A0, “ ” … (E2 80 9C/9D/A6), U+2029, U+206A.
        XCTAssertEqual(JSONWriter.quoted(String(repeating: "水", count: 40) + " ~\u{7F}é\u{9B}6n\u{202E}\u{2067}"),
                       "\"" + String(repeating: "水", count: 40) + " ~\\u007Fé\\u009B6n\\u202E\\u2067\"")
        XCTAssertEqual(JSONWriter.quoted("“引号”…\u{A0}\u{2029}\u{206A}\u{A1}"), "\"“引号”…\u{A0}\u{2029}\u{206A}\u{A1}\"")
    }

    func testEmptyAndOddValues() {
        for elements: [JSONValue] in [[], [.null], [.object([(String, JSONValue)]())], [.array([])], [.string("引号\"与\\n换行\n"), .int(-3), .array([.bool(true)])]] {
            XCTAssertEqual(streamed(elements, chunk: 3).bytes, Array(JSONWriter.write(.object([("items", .array(elements))])).utf8))
        }
    }
}
