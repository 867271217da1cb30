import XCTest
@testable import RiverChiefCore

/// The readings kept in the binary are ICU's: the search finds the same characters by the same
/// pinyin as when every reading came from ICU.
final class PinyinReadingsTests: XCTestCase {
    /// A sample of each block (every 53rd character, the first and the last, and every character
    /// of the seed library's speech) read from the table and from ICU.
    func testTheTableGivesICUsReadings() throws {
        var sample = Set<UInt32>()
        for range in PinyinReadings.ranges {
            sample.insert(range.lowerBound)
            sample.insert(range.upperBound)
            sample.formUnion(stride(from: range.lowerBound, through: range.upperBound, by: 53))
        }
        let speech = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Data/yr2020-citysec/speech.txt").standardized, encoding: .utf8)
        for u in speech.unicodeScalars where PinyinTable.isIdeograph(u) && u.value < 0x10000 { sample.insert(u.value) }
        XCTAssertGreaterThan(sample.count, 900)
        var differing: [String] = []
        for v in sample.sorted() {
            guard let u = Unicode.Scalar(v) else { continue }
            let table = try XCTUnwrap(PinyinReadings.reading(v), "U+\(String(v, radix: 16)) is in a block but has no entry")
            let icu = PinyinTable.icuReading(u)
            if table != icu { differing.append("\(Character(u)) table \(String(decoding: table, as: UTF8.self)) ICU \(String(decoding: icu, as: UTF8.self))") }
        }
        XCTAssertEqual(differing, [], "\(differing.count) of \(sample.count) characters read differently")
    }

    func testEachBlockHasOneReadingPerCharacter() {
        XCTAssertEqual(PinyinReadings.blocks.map(\.first), PinyinReadings.ranges.map(\.lowerBound))
        for (block, range) in zip(PinyinReadings.blocks, PinyinReadings.ranges) {
            let spaces = block.readings.withUTF8Buffer { $0.filter { $0 == 0x20 }.count }
            XCTAssertEqual(spaces + 1, range.count, "block U+\(String(block.first, radix: 16))")
        }
    }

    /// Characters beyond the table (extension B) still get ICU's reading; others none.
    func testBeyondTheTableICUStillReads() {
        let table = PinyinTable()
        XCTAssertEqual(table.reading("河")!, Array("he".utf8))
        XCTAssertEqual(table.reading("长")!, Array("zhang".utf8))
        XCTAssertNil(PinyinReadings.reading(0x20000))
        let u = Unicode.Scalar(0x20001)!   // 𠀁, read qi
        XCTAssertEqual(table.reading(u), Array("qi".utf8))
        XCTAssertNil(table.reading("a"))
    }
}
