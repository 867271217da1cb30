import Foundation
import RiverChiefCore

/// A synthetic library of `models` speeches holding `items` items in all and a catalogue of
/// `units` units, deterministic from `seed`: the same arguments give the same bytes.
struct LibraryGenerator {
    var seed: UInt64
    var models: Int
    var items: Int
    var units: Int

    enum Problem: Error, CustomStringConvertible {
        case tooFew(String)
        var description: String {
            switch self { case .tooFew(let s): return s }
        }
    }

    /// Checks the sizes make a valid library; says what to change when they do not.
    func check() throws {
        guard models >= 1 else { throw Problem.tooFew("--models must be at least 1 (got \(models))") }
        guard items >= models * SpeechGenerator.minimumItems else {
            throw Problem.tooFew("--items must be at least \(SpeechGenerator.minimumItems) per model: \(models * SpeechGenerator.minimumItems) for \(models) models (got \(items))")
        }
        guard units >= UnitCatalogue.minimumCount else {
            throw Problem.tooFew("--units must be at least \(UnitCatalogue.minimumCount), the municipal units (got \(units))")
        }
    }

    var catalogue: UnitCatalogue { UnitCatalogue(count: units) }

    /// `m001` … : zero-padded so folders sort in reading order.
    func modelID(_ index: Int) -> String {
        let width = max(3, String(models).count)
        let n = String(index + 1)
        return "m" + String(repeating: "0", count: width - n.count) + n
    }

    /// Items in model `index`: an even share, the remainder to the first models.
    func itemCount(_ index: Int) -> Int { items / models + (index < items % models ? 1 : 0) }

    /// Model `index`, independent of the others (each has its own random stream).
    func model(_ index: Int, catalogue: UnitCatalogue) -> Model {
        var rng = SeededRandom(seed: seed).fork(UInt64(index + 1))
        let gen = SpeechGenerator(modelID: modelID(index), itemCount: itemCount(index),
                                  units: catalogue.units(forModel: index, of: models))
        return gen.generate(rng: &rng)
    }

    /// Every model, in order.
    func library() -> [Model] {
        let cat = catalogue
        return (0..<models).map { model($0, catalogue: cat) }
    }

    struct Summary {
        var models = 0, sections = 0, points = 0, tasks = 0, targets = 0, units = 0, bytes = 0
    }

    /// Writes `<dir>/<model id>/model.json` and `speech.txt` for every model.
    @discardableResult
    func write(to dir: URL) throws -> Summary {
        try check()
        let fm = FileManager.default
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        let cat = catalogue
        var summary = Summary()
        var unitIDs = Set<String>()
        for i in 0..<models {
            let m = model(i, catalogue: cat)
            let folder = dir.appendingPathComponent(m.id)
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
            let json = Data(ModelJSON.encode(m))
            let speech = Data(m.source.text.utf8)
            try json.write(to: folder.appendingPathComponent("model.json"))
            try speech.write(to: folder.appendingPathComponent("speech.txt"))
            summary.models += 1
            summary.bytes += json.count + speech.count
            summary.targets += m.targets.count
            for it in m.items {
                switch it.kind {
                case .section: summary.sections += 1
                case .point: summary.points += 1
                case .task: summary.tasks += 1
                }
            }
            for u in m.units { unitIDs.insert(u.id) }
        }
        summary.units = unitIDs.count
        return summary
    }
}
