import ArgumentParser
import Foundation
import RiverChiefCore
import RiverChiefStore

/// `riverchief set ID …`: record a status, progress, deadline or progress report for one item.
struct SetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Record a task's status, progress, deadline or a progress report (反馈); a target's indicator or measured value.",
        discussion: """
            Every change is appended to the history with your account and the time. Statuses: \
            \(Status.allCases.map { "\($0.rawValue) (\($0.chinese))" }.joined(separator: ", ")). \
            Overdue is not a status: it follows from the deadline. Sections and points take nothing: \
            their progress is their tasks'. A target (yr2020.g.eco-flow) takes --metric, --unit, --baseline, \
            --goal (set by the office) and --value with --on (a measured value).
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

    @Option(help: ArgumentHelp("Target: the indicator's metric (e.g. 生态流量保证率), set by the office.", valueName: "text"))
    var metric: String?

    @Option(help: ArgumentHelp("Target: the indicator's unit of measure (e.g. %).", valueName: "text"))
    var unit: String?

    @Option(help: ArgumentHelp("Target: the indicator's baseline value.", valueName: "number"))
    var baseline: String?

    @Option(help: ArgumentHelp("Target: the indicator's goal value.", valueName: "number"))
    var goal: String?

    @Option(help: ArgumentHelp("Target: a measured value of its indicator (with --on).", valueName: "number"))
    var value: String?

    @Option(help: ArgumentHelp("Target: the day --value was measured (default today).", valueName: "date"))
    var on: String?

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
            if try checkTarget() { return }
            if hasTargetOptions {
                throw ValidationError("--metric, --unit, --baseline, --goal, --value and --on are for targets (<model>.g.<slug>); "
                    + "\(Sanitize.forTerminal(id)) is not a target")
            }
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
        // A task's id (<model>.t.<slug>) is known from the cache without loading the library;
        // anything else is looked up, so a section or a point is refused with what can be set.
        if SetCommand.isTaskID(id), ItemCatalog.cacheKnows(id, data: data) { return }
        if case .found(let catalog) = ItemCatalog.locate(data: data), let item = catalog.library.item(id), item.kind != .task {
            throw ValidationError(SetCommand.refusal(item, catalog.library))
        }
        try ItemCatalog.check(id, data: data, refusing: true)
    }

    /// `<model>.t.<slug>`: a task's id form (docs/data-model.md).
    static func isTaskID(_ id: String) -> Bool {
        let parts = id.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 3 && parts[1] == "t"
    }

    /// Why a section or point takes nothing, and what can be set instead.
    static func refusal(_ item: Item, _ lib: Library) -> String {
        let what = item.kind == .section ? "a section (部分)" : "a point (要点)"
        let tasks = lib.tasks(under: item)
        var message = "\(item.id) is \(what): it takes no status, progress, deadline or report; nothing was written. "
            + "Its progress is its tasks' (\(tasks.count) task(s)); set those: riverchief set TASK-ID --status …, "
            + "e.g. riverchief set \(tasks.first?.id ?? "<model>.t.<slug>") --progress 40. "
            + "A target (<model>.g.<slug>) takes --metric, --unit, --baseline, --goal and --value --on."
        if tasks.count > 1 { message += " `riverchief list --section \(lib.sectionID(of: item) ?? item.id) --kind task` lists them." }
        return message
    }

    var hasTargetOptions: Bool {
        metric != nil || unit != nil || baseline != nil || goal != nil || value != nil || on != nil
    }

    /// A target's indicator or measured value. Returns false when `id` is not a target.
    func checkTarget() throws -> Bool {
        _ = try Validation.itemID(id)
        if SetCommand.isTaskID(id) { return false }
        guard case .found(let catalog) = ItemCatalog.locate(data: data), let target = catalog.library.target(id) else { return false }
        if status != nil || progress != nil || deadline != nil || note != nil || next != nil || problems != nil || support != nil {
            throw ValidationError("\(target.id) is a target (目标): its progress comes from the tasks serving it; "
                + "it takes --metric, --unit, --baseline, --goal (its indicator, as the office sets it) and --value with --on "
                + "(a measured value); nothing was written")
        }
        guard hasTargetOptions else {
            throw ValidationError("nothing to record for target \(target.id): give --metric, --unit, --baseline, --goal, or --value (with --on)")
        }
        func number(_ text: String?, _ option: String) throws -> Double? {
            guard let text else { return nil }
            guard let d = Double(TypedInput.normalizeDigits(text).trimmingWhitespace), d.isFinite else {
                throw ValidationError("\(option) must be a number such as 86.5, not \"\(Sanitize.forTerminal(text))\"")
            }
            return d
        }
        let indicator = Indicator(metric: metric?.trimmingWhitespace, unit: unit?.trimmingWhitespace,
                                  baseline: try number(baseline, "--baseline"), goal: try number(goal, "--goal"))
        let measured = try number(value, "--value")
        if on != nil && measured == nil { throw ValidationError("--on needs --value") }
        var day = TimeText.today()
        if let on {
            switch TypedInput.deadline(on) {
            case .success(let d?): day = d
            default: throw ValidationError("--on must be a real date such as 2026-11-30, not \"\(Sanitize.forTerminal(on))\"")
            }
        }
        let db = try store.open()
        var lines: [String] = []
        if metric != nil || unit != nil || baseline != nil || goal != nil {
            let n = try db.record(.indicator(indicator), target: target.id)
            let parts = [indicator.metric.map { "指标 \($0)" }, indicator.unit.map { "单位 \($0)" },
                         indicator.baseline.map { "基线 \(ReportText.number($0))" }, indicator.goal.map { "目标值 \(ReportText.number($0))" }]
            lines.append("\(target.id): indicator set by the office (record \(n)): " + parts.compactMap { $0 }.joined(separator: "，"))
        }
        if let measured {
            let n = try db.record(.value(measured, on: day), target: target.id)
            lines.append("\(target.id): measured \(ReportText.number(measured)) on \(day) (record \(n))")
        }
        print(Sanitize.forTerminal(lines.joined(separator: "\n")))
        return true
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
