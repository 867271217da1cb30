import Foundation
import XCTest
@testable import RiverChiefStore

final class TimeTextTests: XCTestCase {
    /// Every half hour over two days (any zone's midnight falls among them), a leap day, a year's
    /// turn, the epoch and now.
    static let instants: [time_t] = [time(nil), 0, 951_782_400, 1_798_761_599, 1_798_761_600]
        + (0..<96).map { 1_795_000_000 + time_t($0 * 1800) }

    /// The dashboard's today (the C library's local time) is the day Foundation's calendar gives in
    /// the process's time zone.
    func testLocalTodayIsTheCalendarsDayInThisZone() {
        for t in Self.instants {
            XCTAssertEqual(TimeText.localToday(now: t), TimeText.today(now: Date(timeIntervalSince1970: Double(t))), "at \(t)")
        }
    }

    /// With TZ naming a zone eight hours east, the C library's day turns at that zone's midnight,
    /// as the calendar's in that zone does (one of the instants is 16:00 UTC, already tomorrow there).
    func testLocalTodayFollowsTZ() throws {
        let zone = "Asia/Shanghai"
        guard FileManager.default.fileExists(atPath: "/usr/share/zoneinfo/" + zone), let shanghai = TimeZone(identifier: zone) else {
            throw XCTSkip("no time zone data for \(zone) on this machine (tzdata)")
        }
        // Foundation keeps the zone it first found; found now, before TZ changes, it stays the
        // process's for the tests after this one.
        _ = TimeZone.current
        let before = getenv("TZ").map { String(cString: $0) }
        setenv("TZ", zone, 1)
        tzset()
        defer {
            if let before { setenv("TZ", before, 1) } else { unsetenv("TZ") }
            tzset()
        }
        var differs = 0
        for t in Self.instants {
            let day = TimeText.localToday(now: t)
            XCTAssertEqual(day, TimeText.today(now: Date(timeIntervalSince1970: Double(t)), timeZone: shanghai), "at \(t)")
            if day != TimeText.today(now: Date(timeIntervalSince1970: Double(t)), timeZone: TimeZone(identifier: "UTC") ?? shanghai) { differs += 1 }
        }
        XCTAssertGreaterThan(differs, 0, "some instants fall on another day in Shanghai than in UTC")
    }
}
