/// How often units report (反馈) and by which day.
public enum Cadence: String, Sendable, CaseIterable, Codable {
    case monthly, weekly, quarterly

    public var chinese: String {
        switch self {
        case .monthly: return "按月"
        case .weekly: return "按周"
        case .quarterly: return "按季度"
        }
    }
}

/// The office's rules for lights and reporting periods. A plain value with the defaults of the
/// configuration file's `[reports]` table (cadence monthly, due on the 28th, yellow 7 days ahead or
/// 20 points behind schedule); the command line and the dashboard take it as a parameter.
public struct ReportRules: Sendable, Equatable {
    public var cadence: Cadence
    /// monthly: day of the month (a shorter month uses its last day); weekly: weekday 1–7 (Monday = 1);
    /// quarterly: day of the quarter's last month.
    public var dueDay: Int
    /// A deadline this many days away or nearer turns the light yellow.
    public var warnDays: Int
    /// Progress more than this many points behind the time-proportional schedule turns the light yellow.
    public var lagMargin: Int

    public init(cadence: Cadence = .monthly, dueDay: Int = 28, warnDays: Int = 7, lagMargin: Int = 20) {
        self.cadence = cadence
        self.dueDay = dueDay
        self.warnDays = warnDays
        self.lagMargin = lagMargin
    }

    public static let standard = ReportRules()

    /// What is wrong with these rules, in words, or nil.
    public var problem: String? {
        switch cadence {
        case .weekly where !(1...7).contains(dueDay): return "due_day must be a weekday 1–7 (Monday = 1) for a weekly cadence, not \(dueDay)"
        case .monthly where !(1...31).contains(dueDay), .quarterly where !(1...31).contains(dueDay):
            return "due_day must be a day of the month 1–31, not \(dueDay)"
        default: break
        }
        if warnDays < 0 { return "warn_days must be 0 or more, not \(warnDays)" }
        if !(0...100).contains(lagMargin) { return "lag_margin must be 0–100 points, not \(lagMargin)" }
        return nil
    }
}
