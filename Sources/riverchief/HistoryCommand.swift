import ArgumentParser
import Foundation
import RiverChiefCore
import RiverChiefStore

/// `riverchief history [ID]`: who changed what, when.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show the change history (who, when, from → to, note), of one item or of all.",
        discussion: "Times are local in text and UTC (ISO 8601) in --json. Oldest first.")

    @Argument(help: "Only this item's history.")
    var id: String?

    @Flag(help: "Print JSON (one array of events, times in UTC).")
    var json = false

    // Unconditional: "-1" is the value (refused with a reason), not an unknown option.
    @Option(parsing: .unconditional, help: ArgumentHelp("Show only the newest N events (default: all for one item or with --json, else 50).",
                               valueName: "n"))
    var limit: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Only changes made since this day (yyyy-MM-dd, from local midnight) or in the last N days (7d), e.g. for a weekly report.",
                               valueName: "date|Nd"))
    var since: String?

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if let since, Self.sinceMillis(since) == nil {
            throw ValidationError("--since must be a date such as 2026-11-23 or a number of days such as 7d, not \"\(Sanitize.forTerminal(since))\": "
                + Self.sinceProblem(since))
        }
    }

    /// Why `--since` was refused: a negative or too large number of days, or what is wrong with the date.
    static func sinceProblem(_ text: String) -> String {
        let t = TypedInput.normalizeDigits(text.trimmingWhitespace)
        if t.hasSuffix("d"), let n = Int(t.dropLast()) {
            return n < 0 ? "a number of days cannot be negative (7d is the last 7 days)" : "at most 36500 days (a hundred years)"
        }
        switch TypedInput.deadline(t) {
        case .failure(let problem): return problem.english
        case .success(nil): return "give a day"
        case .success: return "the day cannot be shown as a time"
        }
    }

    /// `--since` as Unix milliseconds: local midnight of the date, or of the day N days ago.
    static func sinceMillis(_ text: String, now: Date = Date()) -> Int64? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let t = text.trimmingWhitespace
        let day: Date?
        // Days back: up to a hundred years (a larger N overflowed the time in milliseconds).
        if t.hasSuffix("d"), let n = Int(TypedInput.normalizeDigits(String(t.dropLast()))), (0...36_500).contains(n) {
            day = calendar.date(byAdding: .day, value: -n, to: calendar.startOfDay(for: now))
        } else if case .success(let date?) = TypedInput.deadline(t) {
            // The same date forms `set --deadline` takes: 2026-11-23, 2026年11月23日, full-width digits.
            let parts = date.split(separator: "-").compactMap { Int($0) }
            day = parts.count == 3 ? calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])) : nil
        } else {
            day = nil
        }
        return day.flatMap { Int64(exactly: ($0.timeIntervalSince1970 * 1000).rounded()) }
    }

    func run() throws {
        do {
            if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more, not \(limit)") }
            // Reading never creates a database: none yet is an empty history.
            guard let db = try store.openExisting() else {
                let path = StoreLocation.resolve(flag: store.db)
                print(json ? "[]" : "no changes recorded (no state database at \(Sanitize.forTerminal(path)) yet)")
                return
            }
            let defaultLimit: Int? = (id == nil && !json && since == nil) ? 50 : nil
            let sinceMillis = since.flatMap { Self.sinceMillis($0) }
            if json {
                // Each event written as it is read: a million of them are never held at once.
                var out = JSONArrayStream { Console.out(bytes: $0) }
                try db.forEachEvent(itemID: id, limit: limit ?? defaultLimit, sinceMillis: sinceMillis) { out.append(Self.json($0)) }
                out.finish()
                return
            }
            let events = try db.history(itemID: id, limit: limit ?? defaultLimit, sinceMillis: sinceMillis)
            if events.isEmpty {
                print(id.map { "no changes recorded for \(Sanitize.forTerminal($0))" } ?? "no changes recorded")
            } else {
                for line in ChangeText.table(events.map { row($0, withItem: id == nil) }) { print(line) }
            }
        } catch {
            throw Failure.report(error)
        }
    }

    func row(_ e: StateEvent, withItem: Bool) -> [String] {
        var cells = [TimeText.local(millis: e.atMillis), Sanitize.forTerminal(e.account)]
        if withItem { cells.append(Sanitize.forTerminal(e.itemID)) }
        var change = Sanitize.forTerminal(e.changeDescription)
        if e.undoneByEventID != nil { change += "  (已撤销)" }
        cells.append("#\(e.id)")
        cells.append(change)
        return cells
    }
}

extension HistoryCommand {
    /// An event's JSON form: keys in alphabetical order, UTC times, a note as its parts (those given).
    static func json(_ e: StateEvent) -> JSONValue {
        let note: JSONValue = e.note.map { n in
            .object([("done", n.done), ("next", n.next), ("problems", n.problems), ("support", n.support)]
                .compactMap { k, v in v.map { (k, JSONValue.string($0)) } })
        } ?? .null
        func id(_ v: Int64?) -> JSONValue { v.map { .int(Int($0)) } ?? .null }
        return .object([
            ("account", .string(e.account)), ("at", .string(TimeText.isoUTC(millis: e.atMillis))), ("at_ms", id(e.atMillis)),
            ("base", id(e.baseEventID)), ("batch", id(e.batchID)), ("field", .string(e.field.rawValue)), ("host", .string(e.host)),
            ("id", id(e.id)), ("item", .string(e.itemID)), ("kind", .string(e.kind.rawValue)), ("new", .string(e.newValue)),
            ("note", note), ("old", .string(e.oldValue)), ("ssh_client", .string(e.sshClient)), ("uid", .int(e.uid)),
            ("undoes", id(e.undoesEventID)), ("undone_by", id(e.undoneByEventID)),
        ])
    }
}
