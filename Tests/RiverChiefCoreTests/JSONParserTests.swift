import XCTest
@testable import RiverChiefCore

final class JSONParserTests: XCTestCase {
    /// Parses `text` and returns errors as "line:column message".
    func errors(_ bytes: [UInt8]) -> [String] {
        let r = JSONParser.parse(bytes)
        let locator = TextLocator(bytes: bytes)
        return r.errors.map { "\(locator.position(ofByte: $0.offset)) \($0.message)" }
    }

    func errors(_ text: String) -> [String] { errors(Array(text.utf8)) }

    func testValuesKnowTheirLineAndColumnInCharacters() throws {
        let text = "{\n  \"标题\": \"黄河\", \"n\": [1, -2.5e3, true, null],\n\t\"深\": {\"a\": \"x\"}\n}"
        let bytes = Array(text.utf8)
        let r = JSONParser.parse(bytes)
        XCTAssertEqual(r.errors, [])
        let root = try XCTUnwrap(r.value)
        let loc = TextLocator(bytes: bytes)
        // Columns count characters, not bytes: "标题" is six bytes but two columns here.
        XCTAssertEqual(loc.position(ofByte: try XCTUnwrap(root["标题"]).offset), TextPosition(line: 2, column: 9))
        XCTAssertEqual(loc.position(ofByte: try XCTUnwrap(root["n"]?[1]).offset), TextPosition(line: 2, column: 24))
        XCTAssertEqual(loc.position(ofByte: try XCTUnwrap(root["深"]?["a"]).offset), TextPosition(line: 3, column: 13))
        XCTAssertEqual(root["n"]?[1].map { v -> Double? in if case .number(let n) = v.kind { return n.double } else { return nil } }, -2500)
        XCTAssertEqual(root["n"]?[0]?.intValue, 1)
        XCTAssertEqual(root["标题"]?.stringValue, "黄河")
        XCTAssertEqual(root.objectValue?.map(\.key), ["标题", "n", "深"])
    }

    func testPositionOnOneVeryLongLine() {
        // A minified file is one line; columns still count characters.
        let text = "[" + String(repeating: "\"水\",", count: 5000) + "x]"
        XCTAssertEqual(errors(text), ["1:20002 unexpected character 'x': expected a value"])
    }

    func testInvalidUTF8IsReportedWithByteOffsetAndParsingGoesOn() {
        var bytes = Array("{\"a\": \"黄".utf8)
        bytes.append(0xFF)
        bytes += Array("河\",\n \"b\": \"".utf8)
        bytes += [0xE6, 0x9C] // truncated sequence
        bytes += Array("\"}".utf8)
        XCTAssertEqual(errors(bytes), [
            "1:9 invalid UTF-8 byte 0xFF at byte offset 10",
            "2:8 invalid UTF-8 byte 0xE6 at byte offset 24",
        ])
        // Overlong form and an encoded surrogate are invalid too.
        XCTAssertEqual(errors([0x22, 0xC0, 0xAF, 0x22]).first, "1:2 invalid UTF-8 byte 0xC0 at byte offset 1")
        XCTAssertEqual(errors([0x22, 0xED, 0xA0, 0x80, 0x22]).first, "1:2 invalid UTF-8 byte 0xED at byte offset 1")
    }

    func testDuplicateKeysAreReportedWithTheFirstAndTheFirstIsKept() {
        let text = "{\"id\": 1,\n \"id\": 2, \"x\": {\"k\": 1, \"k\": 2}}"
        let r = JSONParser.parse(Array(text.utf8))
        XCTAssertEqual(r.errors.map(\.message), ["duplicate key \"id\"", "duplicate key \"k\""])
        XCTAssertEqual(r.errors.first?.firstOffset, 1)
        XCTAssertEqual(r.value?["id"]?.intValue, 1)
        XCTAssertEqual(errors(text).first, "2:2 duplicate key \"id\"")
    }

    func testDuplicateKeysInALargeObject() {
        let members = (0..<40).map { "\"k\($0)\": \($0)" } + ["\"k7\": 0"]
        XCTAssertEqual(errors("{" + members.joined(separator: ",") + "}").count, 1)
    }

    func testEscapesIncludingSurrogatePairs() throws {
        let r = JSONParser.parse(Array(#"["a\"b\\c\/d\n\t\r\b\f", "\u6C34\u5229", "\uD83D\uDE00"]"#.utf8))
        XCTAssertEqual(r.errors, [])
        XCTAssertEqual(r.value?[0]?.stringValue, "a\"b\\c/d\n\t\r\u{8}\u{C}")
        XCTAssertEqual(r.value?[1]?.stringValue, "水利")
        XCTAssertEqual(r.value?[2]?.stringValue, "😀")
    }

    func testBadEscapesAndLoneSurrogatesAreAllReported() {
        XCTAssertEqual(errors(#"["\q", "\u12G4", "\uD83D x", "\uDE00", "ok"]"#), [
            "1:3 invalid escape \"\\q\"",
            "1:9 invalid \\u escape: expected four hex digits",
            "1:19 lone surrogate \\uD83D: a high surrogate must be followed by a low one",
            "1:31 lone surrogate \\uDE00: a low surrogate without a high one",
        ])
    }

    func testUnterminatedStringPointsAtItsStart() {
        XCTAssertEqual(errors("{\"a\": \"黄河\n}"), ["1:7 unterminated string: line break before the closing quote"])
        XCTAssertEqual(errors("[\"abc"), ["1:2 unterminated string: no closing quote before the end of input"])
    }

    func testRawControlCharacterInString() {
        XCTAssertEqual(errors("[\"a\u{1}b\"]"), ["1:4 control character U+0001 in a string must be escaped"])
    }

    func testTrailingGarbageAndCommas() {
        XCTAssertEqual(errors("{\"a\": 1} x"), ["1:10 unexpected character 'x' after the JSON value"])
        XCTAssertEqual(errors("[1, 2,]"), ["1:7 trailing comma before \"]\""])
        XCTAssertEqual(errors("{\"a\": 1,}"), ["1:9 trailing comma before \"}\""])
        XCTAssertEqual(errors("{\"a\" 1}"), ["1:6 unexpected character '1': expected \":\" after key"])
        XCTAssertEqual(errors("[1 2]"), ["1:4 unexpected character '2': expected \",\" or \"]\""])
        XCTAssertEqual(errors("[tru]"), ["1:2 invalid literal: expected true"])
        XCTAssertEqual(errors("{"), ["1:2 unterminated object (opened at byte 0): expected a key"])
        XCTAssertEqual(errors("[黄]"), ["1:2 unexpected character '黄' (U+9EC4): expected a value"])
    }

    func testNumbers() {
        let r = JSONParser.parse(Array("[0, -0, 12, 9223372036854775807, 99999999999999999999, 1.5, 2e3]".utf8))
        XCTAssertEqual(r.errors, [])
        XCTAssertEqual(r.value?[3]?.intValue, Int.max)
        XCTAssertNil(r.value?[4]?.intValue, "too big for Int: no int value")
        XCTAssertNil(r.value?[5]?.intValue)
        XCTAssertEqual(errors("[1e999, -1e400, 01, 1., -, 3]"), [
            "1:2 number 1e999 is out of range",
            "1:9 number -1e400 is out of range",
            "1:17 invalid number: leading zero",
            "1:21 invalid number: expected a digit after \".\"",
            "1:25 invalid number: expected a digit after \"-\"",
        ])
    }

    func testEmptyFileBOMAndDepth() {
        XCTAssertEqual(errors(""), ["1:1 the file is empty: expected a JSON value"])
        XCTAssertEqual(errors("   "), ["1:4 unexpected end of input: expected a value"])
        let bom = JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8))
        XCTAssertEqual(bom.errors.map(\.message), ["the file starts with a byte-order mark (U+FEFF); save it as UTF-8 without BOM"])
        XCTAssertEqual(bom.value?[0]?.intValue, 1)
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        XCTAssertEqual(JSONParser.parse(Array(deep.utf8)).errors.map(\.message), ["nesting deeper than 512 levels"])
    }

    func testSeveralRecoverableErrorsThenTheFirstStructuralOne() {
        XCTAssertEqual(errors("{\"a\": \"\\x\", \"a\": 1, \"b\": 1e999 \"c\": 2}"), [
            "1:8 invalid escape \"\\x\"",
            "1:13 duplicate key \"a\"",
            "1:26 number 1e999 is out of range",
            "1:32 unexpected character '\"': expected \",\" or \"}\"",
        ])
    }

    func testWriterRoundTripsAndKeepsOrderAndChinese() throws {
        let v = JSONValue.object([("z", .string("市水利局\n\"引号\"\u{1}")), ("a", .array([.int(-3), .null, .bool(true)])), ("e", .object([]))])
        let text = JSONWriter.write(v, pretty: false)
        XCTAssertEqual(text, #"{"z":"市水利局\n\"引号\"\u0001","a":[-3,null,true],"e":{}}"#)
        let back = try XCTUnwrap(JSONParser.parse(Array(text.utf8)).value)
        XCTAssertEqual(back["z"]?.stringValue, "市水利局\n\"引号\"\u{1}")
        XCTAssertEqual(JSONWriter.write(back, pretty: false), text)
    }

    func testJSONPathRendering() {
        XCTAssertEqual(JSONPath.root.key("items").index(12).key("lead").key("unit").description, "$.items[12].lead.unit")
        XCTAssertEqual(JSONPath.root.key("a b").description, #"$["a b"]"#)
    }
}
