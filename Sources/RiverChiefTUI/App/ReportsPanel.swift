import Foundation
import RiverChiefCore

/// Which report the reports panel shows and writes.
public enum ReportKind: String, Sendable, CaseIterable {
    case scorecard, ledger

    public func title(_ lang: Lang) -> String {
        switch self {
        case .scorecard: return lang.pick("考核", "scorecard")
        case .ledger: return lang.pick("台账", "ledger")
        }
    }

    /// The file name's stem: 考核-2026-11-30, 台账-2026-11-30.
    public func fileName(_ day: Day, _ format: ReportFormat) -> String {
        (self == .scorecard ? "考核" : "台账") + "-\(day).\(format.fileExtension)"
    }
}

/// What the panel shows, computed from the store off the input path (`Effect.loadReports`).
public struct ReportSummary: Sendable, Equatable {
    public var asOf: Day
    public var period: Period
    public var scorecard: [ScoreLine]
    public var total: ProgressTally
    public var sections: [ProgressTally]

    public init(_ input: ReportInput) {
        let ledger = Ledger(input)
        asOf = input.asOf
        period = input.period
        scorecard = Scorecard(input).lines
        total = ledger.total
        sections = ledger.sections
    }
}

/// The reports panel (key R): the unit scorecard or the ledger's summary, and the keys that write
/// either to a file.
public struct ReportsPanel: Sendable, Equatable {
    public var showing: ReportKind = .scorecard
    public var scroll = 0
    /// Nil while it is being read.
    public var summary: ReportSummary?
    public var error: String?

    public init(showing: ReportKind = .scorecard) { self.showing = showing }
}

/// Opens the panel and asks for its figures.
func openReports(_ state: inout AppState) -> [Effect] {
    state.mode = .reports(ReportsPanel())
    return [.loadReports]
}

/// A key in the reports panel: Tab switches the report, 1–4 write it (md, csv, html, json),
/// ↑/↓ scroll, Esc or q close.
func reportsKey(_ state: inout AppState, _ key: Key, panel: ReportsPanel) -> [Effect] {
    var p = panel
    switch keymap.action(for: key, in: .reports) {
    case .reportSwitch?:
        p.showing = p.showing == .scorecard ? .ledger : .scorecard
        p.scroll = 0
    case .reportScrollDown?: p.scroll += 1
    case .reportScrollUp?: p.scroll = max(0, p.scroll - 1)
    case .exportMarkdown?: return [.exportReport(p.showing, .md)]
    case .exportCSV?: return [.exportReport(p.showing, .csv)]
    case .exportHTML?: return [.exportReport(p.showing, .html)]
    case .exportJSON?: return [.exportReport(p.showing, .json)]
    case .reportClose?:
        state.mode = .browse
        return key == .ctrl("c") ? quit(&state) : []
    default:
        return []
    }
    state.mode = .reports(p)
    return []
}

extension AppState {
    /// 未报送: task `i` is not done and no progress report on it was filed in the reporting period
    /// that holds today (docs/reports.md). Nil until the report times are read.
    public func isNotReported(_ i: Int) -> Bool? {
        guard let today = Day(today) else { return nil }
        return isNotReported(i, in: Period.containing(today, rules: settings.reportRules))
    }

    func isNotReported(_ i: Int, in period: Period) -> Bool? {
        guard let times = reportTimes else { return nil }
        let item = library.items[i]
        guard item.kind == .task, state(of: i).status != .done else { return false }
        guard let at = times[item.id] else { return true }
        return !period.contains(Day(millis: at, timeZone: .current))
    }

    /// Counts 未报送 over every task (after the times, the states or the day changed).
    mutating func countNotReported() {
        guard reportTimes != nil, let day = Day(today) else { return }
        let period = Period.containing(day, rules: settings.reportRules)
        var n = 0
        for i in library.items.indices where library.items[i].kind == .task && isNotReported(i, in: period) == true { n += 1 }
        notReportedCount = n
    }
}
