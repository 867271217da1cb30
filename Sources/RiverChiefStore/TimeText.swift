import Foundation

/// How the store writes times for people (local time) and for machines (UTC, ISO 8601).
public enum TimeText {
    /// "2026-03-01 14:05:09" in the process's local time zone (TZ).
    public static func local(millis: Int64, timeZone: TimeZone = .current) -> String {
        format(millis: millis, timeZone: timeZone, iso: false)
    }

    /// "2026-03-01T06:05:09.123Z".
    public static func isoUTC(millis: Int64) -> String {
        format(millis: millis, timeZone: TimeZone(identifier: "UTC") ?? .current, iso: true)
    }

    /// Today's date, yyyy-MM-dd in local time (for `ItemState.isOverdue(today:)`).
    public static func today(now: Date = Date(), timeZone: TimeZone = .current) -> String {
        String(local(millis: Int64(now.timeIntervalSince1970 * 1000), timeZone: timeZone).prefix(10))
    }

    /// Today's date in the process's local time zone (TZ, else /etc/localtime), as `today()` gives
    /// it, read with the C library's `localtime_r`: Foundation's current time zone and calendar
    /// cost the dashboard's start about a millisecond.
    public static func localToday(now: time_t = time(nil)) -> String {
        var t = now
        var parts = tm()
        guard localtime_r(&t, &parts) != nil else { return today(now: Date(timeIntervalSince1970: Double(now))) }
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
    }

    /// The current time in Unix milliseconds.
    public static func nowMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    private static func format(millis: Int64, timeZone: TimeZone, iso: Bool) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let date = Date(timeIntervalSince1970: Double(millis) / 1000)
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ v: Int?) -> String { let x = v ?? 0; return x < 10 ? "0\(x)" : "\(x)" }
        let day = "\(c.year ?? 0)-\(two(c.month))-\(two(c.day))"
        let time = "\(two(c.hour)):\(two(c.minute)):\(two(c.second))"
        guard iso else { return day + " " + time }
        let ms = Int(((millis % 1000) + 1000) % 1000)
        let msText = ms < 10 ? "00\(ms)" : ms < 100 ? "0\(ms)" : "\(ms)"
        return day + "T" + time + "." + msText + "Z"
    }
}
