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
        let d = result.diagnostics
        let summary = "\(result.modelFiles.count) model(s) checked: \(d.errorCount) error(s), \(d.warningCount) warning(s)"
        if json {
            Console.out(JSONWriter.write(.object([
                ("models", .array(result.modelFiles.map { .string($0) })),
                ("errors", .int(d.errorCount)),
                ("warnings", .int(d.warningCount)),
                ("diagnostics", .array(d.map(\.json))),
            ])))
        } else {
            for x in d { Console.error(x.rendered) }
            Console.error(Sanitize.forTerminal(summary))
        }
        if d.hasErrors { throw ExitCode(1) }
    }
}
