import ArgumentParser
import Foundation
import RiverChiefCore

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a model library (or given models) and report every problem.",
        discussion: """
        PATH is a library folder, a model folder or a model.json; without one, the library \
        (--data) is checked. Problems go to stderr as FILE:LINE:COLUMN: SEVERITY: PATH: MESSAGE, \
        then a summary. Exit status 1 when there is an error; warnings alone exit 0.
        """
    )

    @OptionGroup var library: LibraryOptions

    @Flag(name: .long, help: "Print the diagnostics as JSON on stdout instead.")
    var json = false

    @Argument(help: "Library folders, model folders or model.json files.")
    var paths: [String] = []

    func run() throws {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let urls = paths.isEmpty ? [try library.locate()] : paths.map { URL(fileURLWithPath: $0, relativeTo: cwd) }
        let result = LibraryLoader().load(paths: urls)
        var d = result.diagnostics
        var notes: [Diagnostic] = []
        if paths.isEmpty, let lib = result.library { dutyFindings(lib, result.modelFiles, folder: urls[0], into: &d, notes: &notes) }
        var summary = "\(result.modelFiles.count) model(s) checked: \(d.errorCount) error(s), \(d.warningCount) warning(s)"
        if !notes.isEmpty { summary += ", \(notes.count) difference(s) from the duty table" }
        if json {
            Console.out(JSONWriter.write(.object([
                ("models", .array(result.modelFiles.map { .string($0) })),
                ("errors", .int(d.errorCount)),
                ("warnings", .int(d.warningCount)),
                ("diagnostics", .array(d.map(\.json))),
                ("duty_notes", .array(notes.map(\.json))),
            ])))
        } else {
            for x in d { Console.error(x.rendered) }
            for x in notes { Console.error(x.rendered.replacingOccurrences(of: ": warning: ", with: ": note: ")) }
            Console.error(Sanitize.forTerminal(summary))
        }
        if d.hasErrors { throw ExitCode(1) }
    }

    /// The library's duty table (unit-duties.json), when it has one: its own problems, rules that
    /// assignments name but the table lacks (errors), and where the table and a model disagree
    /// (notes: a curated model may differ from the table, but never unseen).
    func dutyFindings(_ lib: Library, _ files: [String], folder: URL, into d: inout [Diagnostic], notes: inout [Diagnostic]) {
        let display = folder.appendingPathComponent(DutyTable.fileName).path
        guard let loaded = DutyTable.load(inLibrary: folder) else { return }
        let table: DutyTable
        switch loaded {
        case .failure(let e): d.append(contentsOf: e.diagnostics); return
        case .success(let t): table = t
        }
        for u in table.unknownUnits(Set(lib.units.map(\.id))) {
            d.append(Diagnostic(.warning, file: display, message: "unit \"\(u)\" is not in the library's catalogue: its rules assign nothing"))
        }
        for (k, m) in lib.models.enumerated() {
            var model = m
            model.items = Array(lib.items[lib.itemRanges[k]])
            let file = k < files.count ? files[k] : m.id
            for f in DutyCheck.check(model, table: table) {
                let x = Diagnostic(f.isError ? .error : .warning, file: file, path: f.itemID, message: f.message)
                if f.isError { d.append(x) } else { notes.append(x) }
            }
        }
    }
}
