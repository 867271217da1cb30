import Foundation
import XCTest
@testable import RiverChiefCore

/// Days, reporting periods and the light rules at their boundaries.
final class ReportRulesTests: XCTestCase {
    func testDayArithmeticAndText() throws {
        let d = try XCTUnwrap(Day("2026-11-30"))
        XCTAssertEqual(d.description, "2026-11-30")
        XCTAssertEqual(d.weekday, 1) // a Monday
        XCTAssertEqual(d.adding(days: 1).description, "2026-12-01")
        XCTAssertEqual(Day("2024-02-29")?.adding(days: 1).description, "2024-03-01")
        XCTAssertNil(Day("2026-02-30"))
        XCTAssertNil(Day("2026-2-3"))
        XCTAssertEqual(try XCTUnwrap(Day("2027-01-01")) - d, 32)
        XCTAssertEqual(Day(serial: 0).description, "1970-01-01")
        XCTAssertEqual(Day("1969-12-31")?.serial, -1)
    }

    func testLocalDayAndEndOfDayFollowTheTimeZone() throws {
        let shanghai = try XCTUnwrap(TimeZone(identifier: "Asia/Shanghai"))
        let d = try XCTUnwrap(Day("2026-10-31"))
        let end = d.endMillis(timeZone: shanghai)
        // 2026-10-31 23:59:59.999 in Shanghai is 15:59:59.999 UTC.
        XCTAssertEqual(end, Int64(d.serial) * 86_400_000 + 16 * 3_600_000 - 1)
        XCTAssertEqual(Day(millis: end, timeZone: shanghai), d)
        XCTAssertEqual(Day(millis: end + 1, timeZone: shanghai), d.adding(days: 1))
        XCTAssertEqual(ReportText.localTime(end, timeZone: shanghai), "2026-10-31 23:59")
    }

    func testMonthlyPeriodTurnsTheDayAfterTheDueDay() throws {
        let rules = ReportRules() // monthly, 28th
        XCTAssertEqual(Period.containing(try XCTUnwrap(Day("2026-11-28")), rules: rules).description, "2026-10-29–2026-11-28")
        XCTAssertEqual(Period.containing(try XCTUnwrap(Day("2026-11-29")), rules: rules).description, "2026-11-29–2026-12-28")
        XCTAssertEqual(Period.containing(try XCTUnwrap(Day("2026-12-31")), rules: rules).description, "2026-12-29–2027-01-28")
        // Due on the 31st: February's period ends on its last day.
        let end = ReportRules(dueDay: 31)
        XCTAssertEqual(Period.containing(try XCTUnwrap(Day("2026-02-10")), rules: end).description, "2026-02-01–2026-02-28")
        XCTAssertEqual(Period.containing(try XCTUnwrap(Day("2026-03-01")), rules: end).description, "2026-03-01–2026-03-31")
    }

    func testWeeklyAndQuarterlyPeriods() throws {
        let friday = ReportRules(cadence: .weekly, dueDay: 5)
        // 2026-11-30 is a Monday: the week's due day is Friday 12-04.
        XCTAssertEqual(Period.containing(try XCTUnwrap(Day("2026-11-30")), rules: friday).description, "2026-11-28–2026-12-04")
        XCTAssertEqual(Period.containing(try XCTUnwrap(Day("2026-12-04")), rules: friday).description, "2026-11-28–2026-12-04")
        XCTAssertEqual(Period.containing(try XCTUnwrap(Day("2026-12-05")), rules: friday).description, "2026-12-05–2026-12-11")
        let quarter = ReportRules(cadence: .quarterly, dueDay: 25)
        XCTAssertEqual(Period.containing(try XCTUnwrap(Day("2026-11-30")), rules: quarter).description, "2026-09-26–2026-12-25")
        XCTAssertEqual(Period.containing(try XCTUnwrap(Day("2026-12-26")), rules: quarter).description, "2026-12-26–2027-03-25")
    }

    func testRulesRefuseImpossibleValues() {
        XCTAssertNil(ReportRules().problem)
        XCTAssertNotNil(ReportRules(cadence: .weekly, dueDay: 8).problem)
        XCTAssertNotNil(ReportRules(dueDay: 0).problem)
        XCTAssertNotNil(ReportRules(lagMargin: 101).problem)
    }

    func light(deadline: String?, status: Status = .inProgress, progress: Int = 50, assigned: String? = nil,
               today: String = "2026-11-30", rules: ReportRules = ReportRules()) -> LightVerdict {
        Lights.verdict(status: status, progress: progress, deadline: deadline.flatMap(Day.init), assigned: assigned.flatMap(Day.init),
                       today: Day(today)!, rules: rules)
    }

    func testLightsAtTheDeadlineBoundaries() {
        XCTAssertEqual(light(deadline: "2026-11-29").light, .red, "deadline yesterday: overdue")
        XCTAssertEqual(light(deadline: "2026-11-29").reason, .overdue(days: 1))
        XCTAssertEqual(light(deadline: "2026-11-30").light, .yellow, "deadline today is not yet overdue")
        XCTAssertEqual(light(deadline: "2026-11-30").reason.chinese, "今日到期")
        XCTAssertEqual(light(deadline: "2026-12-07").light, .yellow, "in 7 days: within warn_days")
        XCTAssertEqual(light(deadline: "2026-12-07").reason, .deadlineNear(days: 7))
        XCTAssertEqual(light(deadline: "2026-12-08").light, .green, "in 8 days")
        XCTAssertEqual(light(deadline: "2026-12-08", rules: ReportRules(warnDays: 8)).light, .yellow)
        XCTAssertEqual(light(deadline: nil).light, .green)
        XCTAssertEqual(light(deadline: "2026-11-01", status: .done).light, .green, "done is never late any more")
    }

    func testBehindIsRedAndBlockedKeepsItsOwnMarker() {
        XCTAssertEqual(light(deadline: nil, status: .behind).light, .red)
        XCTAssertEqual(light(deadline: "2027-06-30", status: .behind).reason, .markedBehind)
        let blocked = light(deadline: "2027-06-30", status: .blocked)
        XCTAssertTrue(blocked.blocked)
        XCTAssertEqual(blocked.light, .green)
        XCTAssertTrue(light(deadline: "2026-11-01", status: .blocked).blocked)
        XCTAssertEqual(ReportText.status(.blocked), "受阻 [#]")
        XCTAssertEqual(Light.allCases.map(\.marker), ["(R)", "(Y)", "(G)"])
    }

    func testLaggingTheTimeProportionalScheduleTurnsYellow() {
        // Assigned 2026-01-01, due 2027-01-01 (365 days); on 2026-11-30, 333 days have passed: 91 % expected.
        XCTAssertEqual(light(deadline: "2027-01-01", progress: 70, assigned: "2026-01-01").reason,
                       .lagging(progress: 70, expected: 91), "21 points behind > 20")
        XCTAssertEqual(light(deadline: "2027-01-01", progress: 71, assigned: "2026-01-01").light, .green, "20 points behind is within the margin")
        XCTAssertEqual(light(deadline: "2027-01-01", progress: 71, assigned: "2026-01-01", rules: ReportRules(lagMargin: 10)).light, .yellow)
        XCTAssertEqual(light(deadline: "2027-01-01", progress: 0, assigned: nil).light, .green, "no assignment day: no schedule to lag")
    }
}
