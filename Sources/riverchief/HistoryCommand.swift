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

    @Option(help: ArgumentHelp("Show only the newest N events (default: all for one item or with --json, else 50).",
                               valueName: "n"))
    var limit: Int?

    @Option(help: ArgumentHelp("Only changes made since this day (yyyy-MM-dd, from local midnight) or in the last N days (7d), e.g. for a weekly report.",
                               valueName: "date|Nd"))
    var since: String?

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if let since, Self.sinceMillis(since) == nil {
            throw ValidationError("--since must be a date such as 2026-11-23 or a number of days such as 7d, not \"\(since)\"")
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
            if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more") }
            let db = try store.open()
            let defaultLimit: Int? = (id == nil && !json && since == nil) ? 50 : nil
            let events = try db.history(itemID: id, limit: limit ?? defaultLimit, sinceMillis: since.flatMap { Self.sinceMillis($0) })
            if json {
                print(try HistoryJSON.encode(events))
            } else if events.isEmpty {
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

/// The JSON form of events: stable keys, UTC times, notes as their four parts.
struct HistoryJSON: Encodable {
    var id: Int64
    var batch: Int64
    var item: String
    var kind: String
    var field: String
    var old: String?
    var new: String?
    var note: ProgressNote?
    var account: String
    var uid: Int
    var host: String?
    var ssh_client: String?
    var at: String
    var at_ms: Int64
    var undoes: Int64?
    var undone_by: Int64?
    var base: Int64?

    init(_ e: StateEvent) {
        id = e.id; batch = e.batchID; item = e.itemID; kind = e.kind.rawValue; field = e.field.rawValue
        old = e.oldValue; new = e.newValue; note = e.note; account = e.account; uid = e.uid; host = e.host
        ssh_client = e.sshClient; at = TimeText.isoUTC(millis: e.atMillis); at_ms = e.atMillis
        undoes = e.undoesEventID; undone_by = e.undoneByEventID; base = e.baseEventID
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(id, forKey: .id); try c.encode(batch, forKey: .batch); try c.encode(item, forKey: .item)
        try c.encode(kind, forKey: .kind); try c.encode(field, forKey: .field)
        try c.encode(old, forKey: .old); try c.encode(new, forKey: .new); try c.encode(note, forKey: .note)
        try c.encode(account, forKey: .account); try c.encode(uid, forKey: .uid); try c.encode(host, forKey: .host)
        try c.encode(ssh_client, forKey: .ssh_client); try c.encode(at, forKey: .at); try c.encode(at_ms, forKey: .at_ms)
        try c.encode(undoes, forKey: .undoes); try c.encode(undone_by, forKey: .undone_by); try c.encode(base, forKey: .base)
    }

    enum Key: String, CodingKey {
        case id, batch, item, kind, field, old, new, note, account, uid, host, ssh_client, at, at_ms, undoes, undone_by, base
    }

    static func encode(_ events: [StateEvent]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(events.map(HistoryJSON.init)), as: UTF8.self)
    }
}
