import ArgumentParser
import Foundation
import RiverChiefCore
import RiverChiefStore

/// `riverchief set ID …`: record a status, progress, deadline or progress report for one item.
struct SetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Record an item's status, progress, deadline or a progress report (反馈).",
        discussion: """
            Every change is appended to the history with your account and the time. Statuses: \
            \(Status.allCases.map { "\($0.rawValue) (\($0.chinese))" }.joined(separator: ", ")). \
            Overdue is not a status: it follows from the deadline.
            """)

    @Argument(help: "The item id, e.g. yr2020.t.joint-meetings.")
    var id: String

    @Option(help: ArgumentHelp("New status: the id, the English or the Chinese word (推进中).", valueName: "status"))
    var status: String?

    // Unconditional: "-1" is the value (refused with a reason), not an unknown option.
    @Option(parsing: .unconditional, help: ArgumentHelp("Progress, 0 to 100 (%).", valueName: "n"))
    var progress: String?

    @Option(help: ArgumentHelp("Deadline as yyyy-MM-dd (2026年6月30日 works too), or \"none\" to clear it.", valueName: "date"))
    var deadline: String?

    @Option(help: ArgumentHelp("Progress report: work done (已完成工作).", valueName: "text"))
    var note: String?

    @Option(help: ArgumentHelp("Progress report: next steps (下一步计划).", valueName: "text"))
    var next: String?

    @Option(help: ArgumentHelp("Progress report: problems met (存在问题).", valueName: "text"))
    var problems: String?

    @Option(help: ArgumentHelp("Progress report: support needed (需要支持).", valueName: "text"))
    var support: String?

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "Refuse the change if an event after this id (see `history`; 0: the item had none) changed a field it would overwrite (a report is never refused).",
        valueName: "event-id"))
    var base: Int64?

    @Option(help: ArgumentHelp("The model library folder, to check the id (default: $RIVERCHIEF_DATA, the repository's Data/, <prefix>/share/riverchief/Data, ./Data).",
                               valueName: "dir"))
    var data: String?

    @OptionGroup var store: StoreOptions

    func run() throws {
        do {
            let change = try parseChange()
            try checkItem()
            let db = try store.open(data: data)
            let result = try db.write(change, to: id, base: base.map { .lastSeen($0 == 0 ? nil : $0) } ?? .unchecked)
            print(summary(result))
        } catch {
            throw Failure.report(error)
        }
    }

    func parseChange() throws -> Change {
        if let base, base < 0 { throw ValidationError("--base must be an event id (0 or more), not \(base)") }
        var change = Change()
        if let s = status {
            guard let parsed = Status(word: s) else {
                throw ValidationError("unknown status \"\(Sanitize.forTerminal(s))\"; use one of "
                    + Status.allCases.map { "\($0.rawValue) (\($0.chinese))" }.joined(separator: ", "))
            }
            change.status = parsed
        }
        if let p = progress { change.progress = try Validation.progress(text: TypedInput.normalizeDigits(p)) }
        if let d = deadline {
            switch TypedInput.deadline(d) {
            case .success(let date): change.deadline = date.map(DeadlineChange.set) ?? .clear
            case .failure(let problem): throw StoreError.invalidDeadline(d, reason: problem.english)
            }
        }
        let report = ProgressNote(done: note, next: next, problems: problems, support: support)
        if !report.isEmpty { change.note = report }
        guard !change.isEmpty else { throw StoreError.emptyChange }
        return change
    }

    /// Unknown ids are refused with the closest known ones; without a library the id is not checked.
    func checkItem() throws {
        _ = try Validation.itemID(id)
        try ItemCatalog.check(id, data: data, refusing: true)
    }

    func summary(_ r: WriteResult) -> String {
        let item = Sanitize.forTerminal(r.itemID)
        guard let first = r.events.first, let last = r.events.last else {
            return "\(item): unchanged (status \(r.before.status.chinese), progress \(r.before.progress)%)"
        }
        let range = first.id == last.id ? "event \(first.id)" : "events \(first.id)–\(last.id)"
        var lines = ["\(item): recorded (\(range))"] + ChangeText.lines(r.events)
        if r.before.lastEventID != nil {
            lines.append("  previously: \(r.before.status.chinese), \(r.before.progress)%, last changed by "
                + ChangeText.who(r.before.updatedBy, at: r.before.updatedAt))
        }
        return lines.joined(separator: "\n")
    }
}
