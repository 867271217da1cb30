import RiverChiefCore

/// Writes task sentences into a speech and derives each task's assignments and targets from what
/// the sentence says: a sentence that names a unit (市水利局要…, 各县(市、区)要…) gives a `stated`
/// assignment; the others are `inferred`, as an office would assign them.
struct TaskContext {
    let modelID: String
    /// Units that can lead or support: offices and departments, municipal first.
    private let cityWorkers: [Unit]
    private let countyWorkers: [Unit]
    private let counties: [Unit]
    /// Targets in order of first mention; `text` is filled in once the source is complete.
    private(set) var targets: [Target] = []
    private var targetIndex: [String: Int] = [:]
    private var taskNumber = 0

    init(modelID: String, units: [Unit]) {
        self.modelID = modelID
        let workers = units.filter { $0.kind == .department || $0.kind == .office }
        cityWorkers = workers.filter { $0.id.hasPrefix("city.") }
        countyWorkers = workers.filter { !$0.id.hasPrefix("city.") }
        counties = units.filter { $0.kind == .county }
    }

    private func worker(_ rng: inout SeededRandom) -> Unit? {
        if !countyWorkers.isEmpty && (cityWorkers.isEmpty || rng.chance(40)) { return rng.pick(countyWorkers) }
        return cityWorkers.isEmpty ? nil : rng.pick(cityWorkers)
    }

    /// Appends one task sentence to `b` and returns its item (text filled in later from the span).
    mutating func task(parent: String, into b: inout SourceBuilder, rng: inout SeededRandom) -> Item {
        taskNumber += 1
        let object = rng.pick(Vocabulary.objects)
        let verb = rng.pick(Vocabulary.verbs)
        var lead: Assignment?
        var territorial: [Assignment] = []
        // The task's span: from the named subject or the action's first word (an opening 要 is left
        // out) to just before the punctuation that closes it; a target clause after it is its own span.
        var start = b.count
        let opener = rng.below(100)
        if opener < 25, let u = worker(&rng) {
            b.append("\(u.name)要")
            lead = Assignment(unit: u.id, basis: .stated)
        } else if opener < 35 {
            b.append("各县(市、区)要")
            territorial.append(Assignment(unit: UnitCatalogue.allCountiesID, basis: .stated))
        } else if opener < 80 {
            b.append("要")
            start = b.count
            if verb.count == 2, rng.chance(30) { b.append("进一步") }
        }
        let measure = rng.pick(Vocabulary.measures)
        b.append("\(verb)\(object.text),\(measure)")
        if rng.chance(40) {
            let second = rng.pick(Vocabulary.measures)
            if second != measure { b.append(",\(second)") }
        }
        let span = Span(start: start, end: b.count)
        var served: [String] = []
        if rng.chance(35) {
            b.append(",")
            let t = rng.pick(Vocabulary.targets)
            let tspan = b.append(t.text)
            served.append(target(t, span: tspan))
        }
        b.append(rng.chance(10) ? "；" : "。")

        if lead == nil {
            if let u = worker(&rng) { lead = Assignment(unit: u.id, basis: .inferred) }
            else { lead = Assignment(unit: UnitCatalogue.allCountiesID, basis: .inferred) }
        }
        var supporting: [Assignment] = []
        for _ in 0..<rng.below(4) {
            guard let u = worker(&rng), u.id != lead?.unit, !supporting.contains(where: { $0.unit == u.id }) else { continue }
            supporting.append(Assignment(unit: u.id, basis: .inferred))
        }
        if territorial.isEmpty {
            if rng.chance(30) {
                territorial.append(Assignment(unit: UnitCatalogue.allCountiesID, basis: .inferred))
            } else if rng.chance(15), !counties.isEmpty {
                territorial.append(Assignment(unit: rng.pick(counties).id, basis: .inferred))
            }
        }
        // A few tasks also serve a target they do not name (the office links them).
        if rng.chance(10), !targets.isEmpty {
            let extra = rng.pick(targets).id
            if !served.contains(extra) { served.append(extra) }
        }
        let deadline = rng.chance(10)
            ? "2021-\(SpeechGenerator.two(1 + rng.below(12)))-\(SpeechGenerator.two(1 + rng.below(28)))" : nil
        return Item(id: "\(modelID).t.\(object.slug)-\(taskNumber)", modelID: modelID, kind: .task, parent: parent,
                    title: verb + object.text, text: "", span: span, lead: lead, supporting: supporting,
                    territorial: territorial, targets: served, deadline: deadline)
    }

    /// The id of the target for phrase `t`, defining it at its first mention.
    private mutating func target(_ t: (text: String, slug: String), span: Span) -> String {
        let id = "\(modelID).g.\(t.slug)"
        if targetIndex[id] == nil {
            targetIndex[id] = targets.count
            targets.append(Target(id: id, modelID: modelID, title: t.text, text: "", span: span))
        }
        return id
    }
}
