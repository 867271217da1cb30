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

    func testStreamIsByteIdenticalToTheTreeWriter() throws {
        let lib = try XCTUnwrap(LibraryLoader().load(directory: Fixtures.library).library)
        let elements = lib.items.map(lib.json(of:))
        let whole = Array(JSONWriter.write(.object([("items", .array(elements))])).utf8)
        for chunk in [1, 7, 4096, 1 << 20] {
            let (bytes, chunks) = streamed(elements, chunk: chunk)
            XCTAssertEqual(bytes, whole, "chunk \(chunk)")
            if chunk == 1 { XCTAssertGreaterThan(chunks, elements.count, "small chunks are handed out as they fill") }
        }
    }

    func testEmptyAndOddValues() {
        for elements: [JSONValue] in [[], [.null], [.object([(String, JSONValue)]())], [.array([])], [.string("引号\"与\\n换行\n"), .int(-3), .array([.bool(true)])]] {
            XCTAssertEqual(streamed(elements, chunk: 3).bytes, Array(JSONWriter.write(.object([("items", .array(elements))])).utf8))
        }
    }
}
