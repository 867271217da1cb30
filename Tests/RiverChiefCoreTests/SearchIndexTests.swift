import XCTest
@testable import RiverChiefCore

final class SearchIndexTests: XCTestCase {
    let titles = ["加强水土保持综合治理", "科学调度水资源确保生态流量", "定期召开联席会议", "河长制 APP 建设", "推进节水型社会建设"]

    func search(_ q: String) -> [Int32] { SearchIndex(titles).search(SearchQuery(q)) }

    func testChineseSubstring() {
        XCTAssertEqual(search("生态流量"), [1])
        XCTAssertEqual(search("建设"), [3, 4])
        XCTAssertEqual(search("不存在"), [])
    }

    func testPinyinFullAndInitials() {
        XCTAssertEqual(search("shuitu"), [0])
        XCTAssertEqual(search("stbc"), [0])
        XCTAssertEqual(search("shui tu"), [0], "spaces between syllables are ignored")
        XCTAssertEqual(search("STBC"), [0], "case does not matter")
        XCTAssertEqual(search("lianxi"), [2])
        XCTAssertEqual(search("dqzk"), [2])
    }

    func testFullPinyinMatchesOnlyFromASyllableStart() {
        // "uitu" sits inside "shuitu" but starts mid-syllable.
        XCTAssertEqual(search("uitu"), [])
        XCTAssertEqual(search("tubao"), [0])
    }

    func testASCIIInTitlesMatchesAsText() {
        XCTAssertEqual(search("app"), [3])
        XCTAssertEqual(search("hezhangzhi"), [3])
    }

    func testIncrementalNarrowsAndBacksUp() {
        var inc = IncrementalSearch(index: SearchIndex(titles))
        XCTAssertEqual(inc.update("s"), [0, 1, 3, 4], "shui, shui, she, shui/she: not 定期召开联席会议")
        XCTAssertEqual(inc.update("st"), [0, 1], "水土 and 生态 both have the initials st")
        XCTAssertEqual(inc.update("stb"), [0])
        XCTAssertEqual(inc.update("stbc"), [0])
        XCTAssertEqual(inc.update("stbx"), [])
        XCTAssertEqual(inc.update("s").contains(1), true, "Backspace returns to the broader results")
        XCTAssertEqual(inc.update(""), [])
    }

    func testPinyinTableTransliteratesEachCharacterOnce() {
        let table = PinyinTable()
        _ = SearchIndex(["水水水水", "水土"], table: table)
        XCTAssertEqual(table.count, 2)
        XCTAssertEqual(table.reading("水").map { String(decoding: $0, as: UTF8.self) }, "shui")
        XCTAssertNil(table.reading("A"))
    }

    /// An index sized by the caller finds the same strings as one sized from the strings, whether
    /// the size is right, too small or too large.
    func testASizeGivenByTheCallerChangesNoResult() {
        let strings = ["水土保持 / 确保生态流量", "河长制", "", "Yellow River 黄河", "加强 / 生态 / 保护"]
        let plain = SearchIndex(strings)
        for scale in [0, 1, 3] {
            let sized = SearchIndex(count: strings.count, size: { i in
                var s = SearchIndex.Size(strings[i])
                s.bytes *= scale
                s.scalars *= scale
                return s
            }) { strings[$0] }
            for q in ["水土", "stbc", "shengtai", "黄河", "river", "/", "hz"] {
                XCTAssertEqual(sized.search(SearchQuery(q)), plain.search(SearchQuery(q)), "\(q) with the size × \(scale)")
            }
        }
        XCTAssertEqual(plain.search(SearchQuery("shengtai")), [0, 4])
    }
}
