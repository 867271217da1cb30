import ArgumentParser
import Foundation
import RiverChiefConfig
import RiverChiefCore
import RiverChiefStore

/// The reports' rules (cadence, due day, warn days, lag margin): the configuration's `[reports]`
/// (user file over system file), each value missing taking `ReportRules`' default (a weekly cadence
/// without a due day is due on Friday). A broken file ends the program as every command does.
enum ReportRuleSource {
    static func rules() throws -> ReportRules { rules(try AppConfig.load().reports) }

    static func rules(_ r: RiverChiefConfig.ReportSettings) -> ReportRules {
        let cadence = r.cadence.flatMap(Cadence.init(rawValue:)) ?? .monthly
        let d = ReportRules.standard
        return ReportRules(cadence: cadence, dueDay: r.dueDay ?? (cadence == .weekly ? 5 : d.dueDay),
                           warnDays: r.warnDays ?? d.warnDays, lagMargin: r.lagMargin ?? d.lagMargin)
    }
}

/// `--format`, `--out`, `--as-of`, shared by `report` and `scorecard`.
struct ReportOptions: ParsableArguments {
    @Option(help: ArgumentHelp("md, csv, json or html (default md).", valueName: "format"))
    var format: String = "md"

    @Option(help: ArgumentHelp("Write to this file (else standard output).", valueName: "file"))
    var out: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp(
        "Rebuild from the history as it stood at the end of this local day (2026-10-31 or 2026年10月31日).", valueName: "date"))
    var asOf: String?

    func validate() throws {
        guard ReportFormat(rawValue: format.lowercased()) != nil else {
            throw ValidationError("--format must be md, csv, json or html, not \"\(Sanitize.forTerminal(format))\"")
        }
        if let asOf, asOfDay(asOf) == nil {
            throw ValidationError("--as-of must be a real date such as 2026-10-31, not \"\(Sanitize.forTerminal(asOf))\"")
        }
    }

    var reportFormat: ReportFormat { ReportFormat(rawValue: format.lowercased()) ?? .md }
    var day: Day? { asOf.flatMap(asOfDay) }

    func asOfDay(_ text: String) -> Day? {
        guard case .success(let d?) = TypedInput.deadline(text) else { return nil }
        return Day(d)
    }

    /// Writes what `write` makes, as it is made, to `--out` or to standard output. A file is written
    /// under a temporary name beside it and renamed over it once complete (a reader never sees half
    /// a report, and a failed run leaves the old file); a symbolic link's target is the file written;
    /// a device or a pipe is written straight. Then says where on stderr.
    func emit(what: String, _ write: (ReportOutput) throws -> Void) throws {
        // Every byte `write` makes, handed to `handle` as it comes.
        func stream(to handle: FileHandle) throws {
            let output = ReportOutput { try handle.write(contentsOf: $0) }
            try write(output)
            try output.finish()
        }
        guard let out else {
            try stream(to: FileHandle.standardOutput)
            return
        }
        let target = URL(fileURLWithPath: out).resolvingSymlinksInPath()
        var info = stat()
        if stat(target.path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            // A device or a pipe (/dev/null, /dev/stdout, a FIFO): written straight, never renamed over.
            do {
                let handle = try FileHandle(forWritingTo: target)
                defer { try? handle.close() }
                try stream(to: handle)
            } catch let e as ExitCode {
                throw e
            } catch {
                throw Console.fail("cannot write \(out): \(error.localizedDescription)")
            }
            Console.error("riverchief: wrote \(what) to \(Sanitize.forTerminal(out))")
            return
        }
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(getpid()).tmp")
        do {
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: out])
            }
            do {
                let handle = try FileHandle(forWritingTo: temporary)
                defer { try? handle.close() }
                try stream(to: handle)
                try handle.synchronize()
                guard rename(temporary.path, target.path) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                throw error
            }
        } catch let e as ExitCode {
            throw e
        } catch {
            throw Console.fail("cannot write \(out): \(error.localizedDescription)")
        }
        Console.error("riverchief: wrote \(what) to \(Sanitize.forTerminal(out))")
    }
}

/// The tasks `--unit` and `--section` keep, with the scope in words; nil tasks: every task.
func reportTasks(_ lib: Library, unit: String?, section: String?) throws -> (tasks: [Item]?, scope: String) {
    guard unit != nil || section != nil else { return (nil, "") }
    do {
        let tasks = try lib.items(matching: ItemFilter(section: section, unit: unit, kind: .task))
        let scope = [section.map { "部分 " + $0 }, unit.map { "单位 " + $0 }].compactMap { $0 }.joined(separator: "，")
        return (tasks, scope)
    } catch {
        throw Console.fail(error.description)
    }
}
