// A draft against a curated model of the same speech: which sections, points, tasks and targets
// the draft keeps, moves, adds or drops, and where the units differ, so re-deriving never
// replaces curated work silently. Tasks and targets are paired by span overlap, not by id
// (a draft's ids are made from its words, the curated ones are chosen by people).

public struct DraftComparison: Sendable {
    public enum Change: String, Sendable {
        case same, moved, added, dropped, units
    }

    public struct Line: Sendable, Equatable {
        public var change: Change
        public var kind: String
        public var text: String
    }

    public var lines: [Line] = []
    public var sectionsSame = 0, sectionsCurated = 0
    public var pointsSame = 0, pointsCurated = 0
    /// Curated tasks that a draft task overlaps by at least half of the shorter of the two.
    public var tasksFound = 0, tasksCurated = 0, tasksExact = 0
    public var targetsFound = 0, targetsCurated = 0

    public var taskShare: Double { tasksCurated == 0 ? 1 : Double(tasksFound) / Double(tasksCurated) }

    /// Whether `a` and `b` overlap by at least half of the shorter one.
    public static func overlaps(_ a: Span, _ b: Span) -> Bool {
        let shared = min(a.end, b.end) - max(a.start, b.start)
        return shared > 0 && 2 * shared >= min(a.length, b.length)
    }

    public static func compare(draft: Model, curated: Model, units: [Unit] = []) -> DraftComparison {
        var c = DraftComparison()
        let names = Dictionary((curated.units + draft.units + units).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        func name(_ a: Assignment?) -> String {
            guard let a else { return "—" }
            var s = names[a.unit] ?? a.unit
            s += a.basis == .stated ? "(stated)" : "(inferred\(a.rule.map { " " + $0 } ?? ""))"
            return s
        }
        func local(_ id: String, _ model: Model) -> String {
            id.hasPrefix(model.id + ".") ? String(id.dropFirst(model.id.count + 1)) : id
        }
        // Sections and points: the same speech numbering gives the same local id.
        for kind in [ItemKind.section, .point] {
            let d = Dictionary(draft.items.filter { $0.kind == kind }.map { (local($0.id, draft), $0) }, uniquingKeysWith: { a, _ in a })
            var seen = Set<String>()
            for it in curated.items where it.kind == kind {
                let key = local(it.id, curated)
                seen.insert(key)
                if kind == .section { c.sectionsCurated += 1 } else { c.pointsCurated += 1 }
                guard let other = d[key] else {
                    c.lines.append(Line(change: .dropped, kind: kind.rawValue, text: "\(it.id) \(it.span) \(it.title)"))
                    continue
                }
                if other.span == it.span && other.title == it.title {
                    if kind == .section { c.sectionsSame += 1 } else { c.pointsSame += 1 }
                } else {
                    var what: [String] = []
                    if other.span != it.span { what.append("span \(it.span) → \(other.span)") }
                    if other.title != it.title { what.append("title \(it.title) → \(other.title)") }
                    c.lines.append(Line(change: .moved, kind: kind.rawValue, text: "\(it.id): " + what.joined(separator: "; ")))
                }
            }
            for it in draft.items where it.kind == kind && !seen.contains(local(it.id, draft)) {
                c.lines.append(Line(change: .added, kind: kind.rawValue, text: "\(it.id) \(it.span) \(it.title)"))
            }
        }
        // Tasks: each curated task paired with the draft task overlapping it most.
        let draftTasks = draft.items.filter { $0.kind == .task }
        var paired = Set<String>()
        for it in curated.items where it.kind == .task {
            c.tasksCurated += 1
            let best = draftTasks.filter { overlaps($0.span, it.span) }
                .max { (min($0.span.end, it.span.end) - max($0.span.start, it.span.start)) < (min($1.span.end, it.span.end) - max($1.span.start, it.span.start)) }
            guard let d = best else {
                c.lines.append(Line(change: .dropped, kind: "task", text: "\(it.id) \(it.span) \(it.title) — lead \(name(it.lead))"))
                continue
            }
            c.tasksFound += 1
            paired.insert(d.id)
            if d.span == it.span {
                c.tasksExact += 1
                c.lines.append(Line(change: .same, kind: "task", text: "\(it.id) = \(d.id) \(it.span)"))
            } else {
                c.lines.append(Line(change: .moved, kind: "task", text: "\(it.id) \(it.span) → \(d.id) \(d.span) \(d.title)"))
            }
            var diffs: [String] = []
            if d.lead?.unit != it.lead?.unit || d.lead?.basis != it.lead?.basis { diffs.append("lead \(name(it.lead)) → \(name(d.lead))") }
            let cs = Set(it.supporting.map(\.unit)), ds = Set(d.supporting.map(\.unit))
            let lost = it.supporting.filter { !ds.contains($0.unit) }, gained = d.supporting.filter { !cs.contains($0.unit) }
            if !lost.isEmpty { diffs.append("supporting without " + lost.map(name).joined(separator: "、")) }
            if !gained.isEmpty { diffs.append("supporting with " + gained.map(name).joined(separator: "、")) }
            if Set(it.territorial.map(\.unit)) != Set(d.territorial.map(\.unit)) {
                diffs.append("territorial " + (it.territorial.map(name).joined(separator: "、").nonEmpty ?? "—") + " → "
                             + (d.territorial.map(name).joined(separator: "、").nonEmpty ?? "—"))
            }
            if !diffs.isEmpty {
                c.lines.append(Line(change: .units, kind: "task", text: "\(it.id): " + diffs.joined(separator: "; ")))
            }
        }
        for d in draftTasks where !paired.contains(d.id) {
            c.lines.append(Line(change: .added, kind: "task", text: "\(d.id) \(d.span) \(d.title) — lead \(name(d.lead))"))
        }
        var pairedTargets = Set<String>()
        for g in curated.targets {
            c.targetsCurated += 1
            if let d = draft.targets.first(where: { overlaps($0.span, g.span) }) {
                c.targetsFound += 1
                pairedTargets.insert(d.id)
                if d.span != g.span { c.lines.append(Line(change: .moved, kind: "target", text: "\(g.id) \(g.span) → \(d.id) \(d.span) \(d.title)")) }
            } else {
                c.lines.append(Line(change: .dropped, kind: "target", text: "\(g.id) \(g.span) \(g.title)"))
            }
        }
        for d in draft.targets where !pairedTargets.contains(d.id) {
            c.lines.append(Line(change: .added, kind: "target", text: "\(d.id) \(d.span) \(d.title)"))
        }
        return c
    }

    /// The summary line: sections, points, tasks and targets the draft reproduces.
    public var summary: String {
        let pct = Int((taskShare * 1000).rounded()) / 10
        return "sections \(sectionsSame)/\(sectionsCurated) same, points \(pointsSame)/\(pointsCurated) same, "
            + "tasks \(tasksFound)/\(tasksCurated) found (\(pct)%; \(tasksExact) with the same span), "
            + "targets \(targetsFound)/\(targetsCurated) found"
    }
}

private extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
