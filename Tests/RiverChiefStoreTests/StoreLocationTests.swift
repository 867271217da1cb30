import XCTest
@testable import RiverChiefStore

final class StoreLocationTests: XCTestCase {
    func testFlagThenEnvironmentThenXDGThenHome() {
        XCTAssertEqual(StoreLocation.resolve(flag: "/x/a.db", environment: ["RIVERCHIEF_DB": "/y/b.db"]), "/x/a.db")
        XCTAssertEqual(StoreLocation.resolve(flag: nil, environment: ["RIVERCHIEF_DB": "/y/b.db"]), "/y/b.db")
        XCTAssertEqual(StoreLocation.resolve(flag: nil, environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"]),
                       "/d/riverchief/state.sqlite")
        XCTAssertEqual(StoreLocation.resolve(flag: nil, environment: ["HOME": "/h"]),
                       "/h/.local/share/riverchief/state.sqlite")
    }

    func testATildeIsTheHomeAndOnlyAtTheStart() {
        XCTAssertEqual(StoreLocation.resolve(flag: "~", environment: ["HOME": "/h"]), "/h")
        XCTAssertEqual(StoreLocation.resolve(flag: "~/rc/s.db", environment: ["HOME": "/h"]), "/h/rc/s.db")
        XCTAssertEqual(StoreLocation.resolve(flag: nil, environment: ["RIVERCHIEF_DB": "~/s.db", "HOME": "/h"]), "/h/s.db")
        XCTAssertEqual(StoreLocation.resolve(flag: "~bob/s.db", environment: ["HOME": "/h"]), "~bob/s.db")
        XCTAssertEqual(StoreLocation.resolve(flag: "a/~/s.db", environment: ["HOME": "/h"]), "a/~/s.db")
    }

    func testTheFolderOfEveryShapeOfPath() {
        // Foundation's deletingLastPathComponent trapped (SIGILL) on the first of these.
        XCTAssertEqual(StorePath.directory(of: "a"), ".")
        XCTAssertEqual(StorePath.directory(of: "/a"), "/")
        XCTAssertEqual(StorePath.directory(of: "x/a"), "x")
        XCTAssertEqual(StorePath.directory(of: "/srv/rc/state.sqlite"), "/srv/rc")
        XCTAssertEqual(StorePath.directory(of: "./a"), ".")
        XCTAssertEqual(StorePath.directory(of: "河长/状态.sqlite"), "河长")
    }
}
