import Foundation

/// The output formats of `riverchief report` and `riverchief scorecard`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case md, csv, json, html

    /// The usual file name extension.
    public var fileExtension: String { rawValue }
}

/// A report as a table of text: Chinese column headers and one line per row. Markdown and CSV are
/// written from it; JSON and HTML have their own writers (numbers stay numbers, bars are drawn).
public struct ReportTable: Sendable, Equatable {
    public var headers: [String]
    public var rows: [[String]]

    public init(headers: [String], rows: [[String]]) {
        self.headers = headers
        self.rows = rows
    }
}

/// How the reports write times and lists.
public enum ReportText {
    /// `yyyy-MM-dd HH:mm` in `timeZone`.
    public static func localTime(_ millis: Int64?, timeZone: TimeZone) -> String {
        guard let millis else { return "" }
        // The zone's offset asked once (as `Day(millis:timeZone:)` asks it), the day from it.
        let offset = Int64(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(millis) / 1000)))
        let local = millis / 1000 + offset
        let day = Day(serial: Int((local >= 0 ? local : local - 86_399) / 86_400))
        let secondOfDay = Int(local - Int64(day.serial) * 86_400)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(day) \(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60))"
    }

    /// Names joined by 、 (Chinese enumeration comma).
    public static func list(_ names: [String]) -> String { names.joined(separator: "、") }

    /// A number without a trailing .0 (86.5, 90).
    public static func number(_ d: Double?) -> String {
        guard let d else { return "" }
        if d.rounded() == d && abs(d) < 1e15 { return String(Int(d)) }
        return String(d)
    }

    /// 0.857 → "85.7%".
    public static func percent(_ rate: Double) -> String {
        number((rate * 1000).rounded() / 10) + "%"
    }

    /// The light cell: marker and word, e.g. "(R) 红灯".
    public static func light(_ v: LightVerdict) -> String { "\(v.light.marker) \(v.light.chinese)" }

    /// The status cell: 受阻 carries its own marker [#].
    public static func status(_ s: Status) -> String { s == .blocked ? "\(s.chinese) [#]" : s.chinese }
}

extension Ledger {
    public static let headers = ["序号", "部分", "要点", "任务", "任务编号", "牵头单位", "配合单位", "属地单位", "完成期限",
                                 "状态", "进度", "灯号", "灯号说明", "本期报送", "已完成工作", "下一步计划", "存在问题",
                                 "需要支持", "报送时间", "最后更新人", "最后更新时间"]

    /// One line per task, in reading order.
    public func table(timeZone: TimeZone) -> ReportTable {
        ReportTable(headers: Ledger.headers, rows: rows.map { cells($0, timeZone: timeZone) })
    }

    /// One row's cells, as `table` has them (the Markdown writer takes them one row at a time).
    public func cells(_ r: LedgerRow, timeZone: TimeZone) -> [String] {
            [String(r.number), r.section, r.point, r.task, r.id, r.lead, ReportText.list(r.supporting),
             ReportText.list(r.territorial), r.deadline ?? "", ReportText.status(r.status), "\(r.progress)%",
             ReportText.light(r.verdict), r.verdict.reason.chinese, r.status == .done ? "—" : (r.notReported ? "未报送" : "已报送"),
             r.report?.done ?? "", r.report?.next ?? "", r.report?.problems ?? "", r.report?.support ?? "",
             ReportText.localTime(r.reportMillis, timeZone: timeZone), r.updatedBy ?? "",
             ReportText.localTime(r.updatedMillis, timeZone: timeZone)]
    }
}

extension Scorecard {
    public static let headers = ["排名", "单位", "牵头任务", "已完成", "按期完成", "逾期", "未报送", "红灯", "完成率", "得分", "等次"]

    public func table() -> ReportTable {
        ReportTable(headers: Scorecard.headers, rows: lines.enumerated().map { k, l in
            [String(k + 1), l.unit, String(l.led), String(l.done), String(l.doneOnTime), String(l.overdue),
             String(l.notReported), String(l.red), ReportText.percent(l.completionRate), ReportText.number(l.score), l.grade.chinese]
        })
    }
}

extension Ledger {
    /// The ledger in `format`, as the bytes of a file (CSV with its byte order mark).
    public func render(_ format: ReportFormat, timeZone: TimeZone) throws -> Data {
        Data(try ReportOutput.collect { try write(format, timeZone: timeZone, to: $0) })
    }

    /// The ledger in `format`, written to `out` as it is made (call `out.finish()` after).
    public func write(_ format: ReportFormat, timeZone: TimeZone, to out: ReportOutput) throws {
        switch format {
        case .md: ReportMarkdown.write(self, timeZone: timeZone, to: out)
        case .csv:
            try ReportCSV.write(headers: Ledger.headers, count: count, to: out) { self.cells(row($0), timeZone: timeZone) }
        case .json: ReportJSON.write(self, timeZone: timeZone, to: out)
        case .html: ReportHTML.write(self, timeZone: timeZone, to: out)
        }
    }
}

extension Scorecard {
    /// The scorecard in `format`.
    public func render(_ format: ReportFormat, rules: ReportRules) throws -> Data {
        Data(try ReportOutput.collect { try write(format, rules: rules, to: $0) })
    }

    /// The scorecard in `format`, written to `out` (a few thousand lines at most: made whole).
    public func write(_ format: ReportFormat, rules: ReportRules, to out: ReportOutput) throws {
        switch format {
        case .md: out.write(ReportMarkdown.scorecard(self))
        case .csv: try ReportCSV.write(table(), to: out)
        case .json: out.write(ReportJSON.scorecard(self, rules: rules))
        case .html: out.write(ReportHTML.scorecard(self))
        }
    }
}
