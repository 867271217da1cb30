import ArgumentParser
import Foundation
import RiverChiefCore
import RiverChiefStore

/// `riverchief report`: the ledger (台账), one row per task, with lights and 未报送.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The ledger (台账): one row per task with its units, deadline, status, progress, light and latest report.",
        discussion: """
            Lights (docs/reports.md): (R) 红灯 overdue or marked 滞后; (Y) 黄灯 deadline within 7 days or progress \
            more than 20 points behind the time elapsed; (G) 绿灯 on schedule. 未报送: not done and no progress \
            report in the current reporting period (monthly, due on the 28th).
              riverchief report --format csv --out 台账.csv
              riverchief report --format html --as-of 2026-10-31 --out 2026-10.html
              riverchief report --unit 市水利局 --section 三
            """)

    @OptionGroup var options: ReportOptions

    @Option(help: ArgumentHelp("Only tasks this unit answers for (id, name or part of it).", valueName: "unit"))
    var unit: String?

    @Option(help: ArgumentHelp("Only this section: id (yr2020.s2), short id (s2) or marker (二).", valueName: "section"))
    var section: String?

    @OptionGroup var library: LibraryOptions
    @OptionGroup var store: StoreOptions

    func run() throws {
        let history = try readHistory(store, asOf: options.day)
        let lib = try library.load()
        let (tasks, scope) = try reportTasks(lib, unit: unit, section: section)
        do {
            let input = ReportInput(library: lib, history: try history.take(), rules: try ReportRuleSource.rules())
            let ledger = Ledger(input, tasks: tasks, scope: scope)
            try options.emit(what: "the ledger as of \(ledger.asOf) (\(ledger.count) tasks, \(ledger.total.count(.red)) red)") {
                try ledger.write(options.reportFormat, timeZone: input.timeZone, to: $0)
            }
        } catch let e as ExitCode {
            throw e
        } catch {
            throw Failure.report(error)
        }
    }
}

/// `riverchief scorecard`: the unit scorecard (考核).
struct ScorecardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scorecard",
        abstract: "The unit scorecard (考核): per lead unit, tasks led, done, done on time, overdue, not reported, completion rate, score and grade.",
        discussion: """
            Score (100 points) = 40 × done/led + 10 × done on time/led + 30 × (1 − overdue/led) + 20 × (1 − not reported/led); \
            优秀 ≥ 90, 良好 ≥ 75, 合格 ≥ 60, else 不合格 (docs/reports.md).
            """)

    @OptionGroup var options: ReportOptions

    @Option(help: ArgumentHelp("Only this section's tasks.", valueName: "section"))
    var section: String?

    @OptionGroup var library: LibraryOptions
    @OptionGroup var store: StoreOptions

    func run() throws {
        let history = try readHistory(store, asOf: options.day)
        let lib = try library.load()
        let (tasks, _) = try reportTasks(lib, unit: nil, section: section)
        do {
            let input = ReportInput(library: lib, history: try history.take(), rules: try ReportRuleSource.rules())
            let card = Scorecard(input, tasks: tasks)
            try options.emit(what: "the scorecard as of \(card.asOf) (\(card.lines.count) units)") {
                try card.write(options.reportFormat, rules: input.rules, to: $0)
            }
        } catch let e as ExitCode {
            throw e
        } catch {
            throw Failure.report(error)
        }
    }
}

/// Opens the store and starts reading what a report needs from its history, on another core,
/// while the caller loads the library (at 100,000 items and a million events each takes about a
/// third of a second or more). The store is opened first, here: opening may give up a setgid
/// install's group privilege for good, and nothing raises or lowers it while the two run side by
/// side (the history is read through the connection already open).
func readHistory(_ store: StoreOptions, asOf: Day?) throws -> Parallel.Later<ReportHistory> {
    let state = try store.open()
    return Parallel.Later { try state.reportHistory(asOf: asOf) }
}
