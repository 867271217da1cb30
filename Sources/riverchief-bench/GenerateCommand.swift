import ArgumentParser
import Foundation

/// `riverchief-bench generate`: writes a synthetic model library (docs/data-model.md).
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic model library: speeches with sections, points, tasks, targets and units.")

    @Option(name: .long, help: "Folder to write the library into (one sub-folder per model).")
    var out: String

    @Option(name: .long, help: "Number of models (speeches).")
    var models = 100

    @Option(name: .long, help: "Items in all models together (sections, points and tasks).")
    var items = 100_000

    @Option(name: .long, help: "Units in the catalogue.")
    var units = 2_000

    @Option(name: .long, help: "Seed: the same seed and sizes give byte-identical output.")
    var seed: UInt64 = 1

    func run() throws {
        let gen = LibraryGenerator(seed: seed, models: models, items: items, units: units)
        do { try gen.check() } catch { throw ValidationError("\(error)") }
        let s = try gen.write(to: URL(fileURLWithPath: out))
        print("wrote \(s.models) models to \(out): \(s.sections) sections, \(s.points) points, \(s.tasks) tasks, \(s.targets) targets, \(s.units) units, \(s.bytes) bytes")
    }
}
