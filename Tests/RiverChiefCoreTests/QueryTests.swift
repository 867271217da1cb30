import XCTest
@testable import RiverChiefCore

final class QueryTests: XCTestCase {
    var lib: Library!

    override func setUpWithError() throws {
        lib = try XCTUnwrap(LibraryLoader().load(directory: Fixtures.library).library)
    }

    func ids(_ f: ItemFilter) throws -> [String] { try lib.items(matching: f).map(\.id) }

    func testSectionByIdShortIdOrMarker() throws {
        let expected = ["yr2020.s2", "yr2020.s2.p1", "yr2020.t.implementation-plan", "yr2020.s2.p2",
                        "yr2020.t.joint-meetings", "yr2020.s2.p3", "yr2020.t.pollution-control"]
        XCTAssertEqual(try ids(ItemFilter(section: "yr2020.s2")), expected)
        XCTAssertEqual(try ids(ItemFilter(section: "s2")), expected)
        XCTAssertEqual(try ids(ItemFilter(section: "二")), expected)
        XCTAssertEqual(try ids(ItemFilter(section: "s1")), ["tiny.s1", "tiny.t.meetings", "tiny.t.local", "yr2020.s1", "yr2020.s1.p1"],
                       "a short id names that section in every model")
    }

    func testUnitByIdNameShortNameOrPartAndRole() throws {
        XCTAssertEqual(try ids(ItemFilter(unit: "city.water", unitRole: .lead)), ["tiny.t.meetings"])
        XCTAssertEqual(try ids(ItemFilter(unit: "市水利局", unitRole: .lead)), ["tiny.t.meetings"])
        XCTAssertEqual(try ids(ItemFilter(unit: "水利局", unitRole: .supporting)),
                       ["yr2020.t.implementation-plan", "yr2020.t.joint-meetings", "yr2020.t.pollution-control"])
        XCTAssertEqual(try ids(ItemFilter(unit: "生态环境")), ["yr2020.t.implementation-plan", "yr2020.t.pollution-control"])
        XCTAssertEqual(try ids(ItemFilter(unit: "county.all", unitRole: .territorial)),
                       ["tiny.t.local", "yr2020.t.joint-meetings", "yr2020.t.pollution-control"])
    }

    func testKindAndCombinedFilters() throws {
        XCTAssertEqual(try ids(ItemFilter(kind: .point)), ["yr2020.s1.p1", "yr2020.s2.p1", "yr2020.s2.p2", "yr2020.s2.p3"])
        XCTAssertEqual(try ids(ItemFilter(section: "s2", unit: "city.water", kind: .task)),
                       ["yr2020.t.implementation-plan", "yr2020.t.joint-meetings", "yr2020.t.pollution-control"])
        XCTAssertEqual(try ids(ItemFilter()).count, lib.items.count)
    }

    func testUnknownNamesAreErrorsWithCandidates() {
        XCTAssertThrowsError(try lib.items(matching: ItemFilter(section: "s9"))) { e in
            XCTAssertEqual((e as? QueryError)?.description,
                           "no section \"s9\" in the library (did you mean: tiny.s1, yr2020.preamble, yr2020.s1, yr2020.s2, yr2020.conclusion?)")
        }
        XCTAssertThrowsError(try lib.items(matching: ItemFilter(unit: "市林业局"))) { e in
            XCTAssertEqual((e as? QueryError)?.what, "unit")
        }
    }

    func testCloseMatchesAndAncestorsAndPassage() throws {
        XCTAssertEqual(lib.closeMatches(to: "yr2020.t.joint-meeting"), ["yr2020.t.joint-meetings"])
        XCTAssertEqual(lib.closeMatches(to: "joint").first, "yr2020.t.joint-meetings")
        XCTAssertEqual(lib.closeMatches(to: "zzzzzzzzzzzz"), [])
        let task = try XCTUnwrap(lib.item("yr2020.t.joint-meetings"))
        XCTAssertEqual(lib.ancestors(of: task).map(\.id), ["yr2020.s2.p2", "yr2020.s2"])
        let p = try XCTUnwrap(Passage(source: try XCTUnwrap(lib.model("yr2020")).source, span: task.span))
        XCTAssertEqual(p.marked, task.text)
        XCTAssertTrue(p.before.hasPrefix("推进黄河流域生态保护,必须坚持系统观念"))
        XCTAssertTrue(p.after.hasSuffix("实现经济发展与环境保护的双赢。"))
        XCTAssertFalse(p.text.contains("\n"), "a passage is the whole line(s) around the span, without line breaks at the ends")
    }
}

/// The shared binary search over ascending integers.
final class SortedTests: XCTestCase {
    func testLowerBoundAndContainsAgreeWithALinearScan() {
        let arrays: [[Int32]] = [[], [5], [1, 3, 3, 7], [0, 2, 4, 6, 8, 10]]
        for a in arrays {
            for v in -1...11 {
                XCTAssertEqual(a.lowerBound(v), a.firstIndex { Int($0) >= v } ?? a.count, "\(a) \(v)")
                XCTAssertEqual(a.sortedContains(v), a.contains(Int32(v)), "\(a) \(v)")
            }
        }
    }
}
