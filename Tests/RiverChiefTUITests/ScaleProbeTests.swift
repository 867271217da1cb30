import XCTest
import RiverChiefCore
@testable import RiverChiefTUI

/// Not a benchmark (issue 5 owns those) and asserts no time: with RC_SCALE_PROBE=1 it prints how
/// long the dashboard's steps take on a ~100,000-item library, to check the design scales.
/// Behaviour at that size (not speed) is asserted.
final class ScaleProbeTests: XCTestCase {
    func testHundredThousandItems() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["RC_SCALE_PROBE"] == "1", "set RC_SCALE_PROBE=1 to run")
        func time<T>(_ label: String, _ f: () -> T) -> T {
            let t = Date()
            let r = f()
            print(String(format: "%-34@ %8.2f ms", label as NSString, Date().timeIntervalSince(t) * 1000))
            return r
        }
        let library = time("fixture library") { Fixtures.large(speeches: 100, sections: 5, points: 5, tasks: 40) }
        print("items:", library.items.count)
        var s = time("AppState init") {
            AppState(library: library, settings: Settings(lang: .zh, user: "probe"), size: Size(width: 120, height: 40), today: "2021-01-01")
        }
        let idx = time("search indexes") { SearchIndexes(library: library, outline: s.outline) }
        s.indexes = idx
        _ = time("first view") { view(s) }
        _ = time("key j (update+view)") { press(&s, .char("j")); return view(s) }
        _ = time("page down") { press(&s, .pageDown); return view(s) }
        _ = time("expand speech (l)") { press(&s, .char("l")); return view(s) }
        _ = time("G (to the end)") { press(&s, .char("G")); return view(s) }
        _ = time("view 4 status") { press(&s, .char("4")); return view(s) }
        _ = time("view 2 units") { press(&s, .char("2")); return view(s) }
        press(&s, .char("1"), .char("g"))
        _ = time("/ then s") { press(&s, .char("/"), .char("s")); return view(s) }
        _ = time("+t") { press(&s, .char("t")); return view(s) }
        _ = time("+b") { press(&s, .char("b")); return view(s) }
        _ = time("+c") { press(&s, .char("c")); return view(s) }
        XCTAssertFalse(s.matches.isEmpty)
        press(&s, .escape)
        _ = time("/ 水 (Chinese, 1 char)") { press(&s, .char("/"), .char("水")); return view(s) }
        press(&s, .escape)
        _ = time("filter by unit (f, 水利局, Enter)") { press(&s, .char("f")); type(&s, "水利局"); press(&s, .enter); return view(s) }
        XCTAssertEqual(s.filter, .unit("city.water"))
        _ = time("status snapshot (50k states)") { () -> Int in
            var snap: [String: ItemState] = [:]
            for (i, it) in library.items.enumerated() where it.kind == .task && i % 2 == 0 { snap[it.id] = ItemState(status: .done) }
            _ = update(&s, .statesLoaded(snap))
            return snap.count
        }
    }
}
