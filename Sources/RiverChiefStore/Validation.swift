/// Checks on what a person types before it reaches the store. Each failure is a `StoreError` with a
/// message that says what was wrong and what is accepted.
public enum Validation {
    /// Progress is a whole percentage, 0 through 100.
    public static func progress(_ value: Int) throws -> Int {
        guard (0...100).contains(value) else { throw StoreError.invalidProgress(String(value)) }
        return value
    }

    /// Progress from text ("40", "40%").
    public static func progress(text: String) throws -> Int {
        var t = text.trimmingWhitespace
        if t.hasSuffix("%") || t.hasSuffix("％") { t.removeLast() }
        guard let v = Int(t), (0...100).contains(v) else { throw StoreError.invalidProgress(text) }
        return v
    }

    /// A real calendar date written yyyy-MM-dd (Gregorian; 2026-02-30 and 2026-13-01 are refused).
    /// Returns the date unchanged.
    public static func deadline(_ text: String) throws -> String {
        let t = text.trimmingWhitespace
        let parts = t.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0 >= "0" && $0 <= "9" } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else {
            throw StoreError.invalidDeadline(text, reason: "write it as yyyy-MM-dd, e.g. 2026-06-30")
        }
        if let problem = calendarProblem(year: y, month: m, day: d) {
            throw StoreError.invalidDeadline(text, reason: problem.english)
        }
        return t
    }

    /// What is wrong with a date that has the right shape (the one set of calendar rules the
    /// store's check and the typed forms share), nil when it is a real date the office may use.
    public static func calendarProblem(year y: Int, month m: Int, day d: Int) -> TypedInput.DeadlineProblem? {
        guard (1900...2999).contains(y) else { return .year }
        guard (1...12).contains(m) else { return .month(m) }
        let days = daysIn(month: m, year: y)
        guard (1...days).contains(d) else { return .day(year: y, month: m, days: days) }
        return nil
    }

    /// Days in a month of the Gregorian calendar.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// An item id as the store keys it: non-empty, no spaces or control characters.
    public static func itemID(_ id: String) throws -> String {
        guard !id.isEmpty, !id.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) else {
            throw StoreError.invalidItemID(id)
        }
        return id
    }
}

extension String {
    /// The string without leading and trailing whitespace (Unicode's, the full-width space included).
    public var trimmingWhitespace: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
