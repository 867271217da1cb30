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
}
