import ArgumentParser
import RiverChiefCore
import RiverChiefStore

/// `riverchief doctor`: check the state database; report state kept for ids the model no longer has.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the state database and list state for ids no longer in the model (never deletes).",
        discussion: "Exits 1 when the integrity check fails or the current state disagrees with the history.")

    @Option(help: ArgumentHelp("The model library folder (default: $RIVERCHIEF_DATA, the repository's Data/, <prefix>/share/riverchief/Data, ./Data).", valueName: "dir"))
    var data: String?

    @OptionGroup var store: StoreOptions

    func run() throws {
        let report: DoctorReport
        var refusedCount = 0
        var newestRefused: RefusedAttempt?
        var library: String
        do {
            let db = try store.open(data: data, create: false)
            var known: Set<String>?
            switch ItemCatalog.locate(data: data) {
            case .found(let catalog):
                let ids = catalog.ids
                known = ids
                library = "\(catalog.directory) (\(ids.count) items)"
            case .missing(let why, _):
                library = why + "; orphan check skipped"
            }
            report = try db.doctor(knownItemIDs: known)
            refusedCount = try db.refusedCount()
            newestRefused = try db.refusedAttempts(limit: 1).last
        } catch {
            throw Failure.report(error)
        }
        var rows: [[String]] = [
            ["database", Sanitize.forTerminal(report.path)],
            ["access", report.isReadOnly ? "read-only for you" : "read-write"],
            ["journal mode", report.journalMode],
            ["schema", "\(report.schemaVersion ?? "none") (\(report.appliedMigrations.count) of \(report.knownMigrations.count) migrations)"],
            ["events", String(report.eventCount)],
            ["items with state", String(report.itemCount)],
            ["integrity", report.integrity.prefix(5).map { Sanitize.forTerminal($0) }.joined(separator: "; ")],
            ["consistency", report.inconsistentItems.isEmpty ? "ok (current state matches the history)"
                : "\(report.inconsistentItems.count) items disagree with their history: "
                    + report.inconsistentItems.prefix(10).map { Sanitize.forTerminal($0) }.joined(separator: ", ")],
            ["library", Sanitize.forTerminal(library)],
            ["refused attempts", newestRefused.map { r in
                "\(refusedCount) (the newest: \(Sanitize.forTerminal(r.account)) on \(Sanitize.forTerminal(r.itemID)), "
                    + "\(r.action) at \(TimeText.local(millis: r.atMillis)))" } ?? "none"],
        ]
        if let orphans = report.orphans {
            rows.append(["orphaned ids", orphans.isEmpty ? "none" : "\(orphans.count) with state kept (not deleted):"])
        }
        for line in ChangeText.table(rows) { print(line) }
        if let orphans = report.orphans, !orphans.isEmpty {
            let table = orphans.map { o in
                ["  " + Sanitize.forTerminal(o.id), o.state.status.chinese, "\(o.state.progress)%",
                 Sanitize.forTerminal(o.state.deadline ?? "-"), ChangeText.who(o.state.updatedBy, at: o.state.updatedAt)]
            }
            for line in ChangeText.table(table) { print(line) }
        }
        if !report.isHealthy { throw ExitCode(1) }
    }
}
