import ArgumentParser
import RiverChiefCore
import RiverChiefStore

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "The library as a tree: marker, title, lead unit and id of every item.",
        discussion: """
        Filters keep the items that match and show their sections and points around them:
          riverchief list --section s2          (or --section 二)
          riverchief list --unit 市水利局 --as lead
          riverchief list --kind task --json
          riverchief list --unit 市水利局 --status behind   (statuses from the state database)
        """
    )

    @OptionGroup var library: LibraryOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var state: StoreOptions

    @Option(help: ArgumentHelp("Only this section: its id (yr2020.s2), short id (s2) or marker (二).", valueName: "SECTION"))
    var section: String?

    @Option(help: ArgumentHelp("Only tasks this unit answers for: id, name or part of the name (city.water, 市水利局, 水利).", valueName: "UNIT"))
    var unit: String?

    @Option(name: .customLong("as"), help: ArgumentHelp("With --unit: only as lead, supporting or territorial (牵头/配合/属地).", valueName: "ROLE"))
    var role: String?

    @Option(help: ArgumentHelp("Only items of this kind: section, point, task or target (部分/要点/任务/目标).", valueName: "KIND"))
    var kind: String?

    @Option(help: ArgumentHelp("Only tasks in this status: not-started, in-progress, done, behind, blocked (未启动/推进中/已完成/滞后/受阻).",
                               valueName: "STATUS"))
    var status: String?

    func validate() throws {
        if let status, Status(word: status) == nil {
            throw ValidationError("--status must be not-started, in-progress, done, behind or blocked, not \"\(status)\"")
        }
        if let kind, ItemKind.parse(kind) == nil && !isTargetKind(kind) {
            throw ValidationError("--kind must be section, point, task or target, not \"\(kind)\"")
        }
        if let kind, isTargetKind(kind), section != nil || unit != nil || status != nil {
            throw ValidationError("--kind target lists every target; --section, --unit and --status filter tasks")
        }
        if let role, UnitRole.parse(role) == nil { throw ValidationError("--as must be lead, supporting or territorial, not \"\(role)\"") }
        if role != nil && unit == nil { throw ValidationError("--as needs --unit") }
    }

    /// Up to this many tasks, `--status` reads their states by id instead of every state.
    static let lookUpAtMost = 2_000

    func isTargetKind(_ k: String) -> Bool { ["target", "targets", "目标"].contains(k.lowercased()) }

    func run() throws {
        // Every item as JSON: written straight from the cache's bytes when it is usable.
        if output.json && section == nil && unit == nil && kind == nil && status == nil,
           let document = library.cachedItemsJSON(under: "items") {
            do {
                return try document.write { try Console.write($0) }
            } catch let broken as CachedItemsJSON.Broken {
                throw Console.fail(broken.description)
            }
        }
        // Every item as text: from the cache's rows when it is usable (all of it checked first).
        if !output.json && section == nil && unit == nil && kind == nil && status == nil,
           let outline = library.cachedOutline(), let pieces = TreeText.render(outline, width: output.columns) {
            for piece in pieces { try piece.withUnsafeBufferPointer { try Console.write($0) } }
            return
        }
        // A unit filter as text: straight from the cache's bytes, the unit's part alone.
        if !output.json && section == nil && kind.map(isTargetKind) != true, let unit,
           let part = library.cachedPart(unit: unit), let pieces = try text(of: part) {
            for piece in pieces { try piece.withUnsafeBufferPointer { try Console.write($0) } }
            return
        }
        // A unit filter reads only that unit's items and their ancestors from the cache.
        let part = section == nil && !(kind.map(isTargetKind) ?? false) ? unit.flatMap { library.loadPart(unit: $0) } : nil
        // The text of the tree prints no supporting unit and no target: without a unit filter
        // (which looks at every role), the items are read without them.
        let lib = try part ?? library.load(outline: !output.json && unit == nil && !(kind.map(isTargetKind) ?? false))
        if let kind, isTargetKind(kind) {
            let input: ReportInput
            do {
                input = try state.open().reportInput(library: lib, asOf: nil, rules: try ReportRuleSource.rules())
            } catch {
                throw Failure.report(error)
            }
            let text = TargetText(input: input, width: output.columns)
            if output.json {
                JSONWriter.streamArray(under: "targets", lib.targets.map(text.json)) { Console.out(bytes: $0) }
            } else {
                Console.out(text.list())
            }
            return
        }
        let filter = ItemFilter(section: section, unit: unit, unitRole: role.flatMap(UnitRole.parse), kind: kind.flatMap(ItemKind.parse))
        var matched: [Int]
        do {
            matched = try lib.positions(matching: filter)
        } catch {
            throw Console.fail(error.description)
        }
        if let wanted = status.flatMap(Status.init(word:)) {
            let tasks = matched.filter { lib.items[$0].kind == .task }
            let statuses = try statuses(of: tasks.map { lib.items[$0].id })
            matched = zip(tasks, statuses).filter { ($0.1 ?? .notStarted) == wanted }.map(\.0)
        }
        if output.json {
            try ItemJSONWriter.stream(under: "items", matched.lazy.map { lib.items[$0] }, library: lib) { try Console.write($0) }
        } else {
            try TreeText(library: lib, width: output.columns).render(positions: matched, withContext: !filter.isEmpty || status != nil)
                .withUnsafeBufferPointer { try Console.write($0) }
        }
    }

    /// The states' statuses of these tasks (nil: none recorded). No database yet: every task is
    /// not started (and none is created). Up to a few thousand tasks are looked up by id (the
    /// SQLite store reads just those); more, and every state is read.
    func statuses(of ids: [String]) throws -> [Status?] {
        do {
            if ids.count <= Self.lookUpAtMost {
                return try state.statuses(of: ids, data: library.data)
            }
            let states = try state.openExisting(data: library.data)?.snapshot() ?? [:]
            return ids.map { states[$0]?.status }
        } catch {
            throw Failure.report(error)
        }
    }

    /// The text of `list --unit` (with `--as`, `--kind`, `--status`) from the cache's part, as
    /// `TreeText.render(positions:withContext: true)` lays out the loaded part: the rows the
    /// filters keep and their ancestors; nil when the rows cannot be laid out from the cache.
    func text(of part: CachedPart) throws -> [[UInt8]]? {
        let o = part.outline
        let kinds = ItemKind.allCases
        let want = role.flatMap(UnitRole.parse).map(CachedPart.bit) ?? 0b111
        let wantKind = kind.flatMap(ItemKind.parse)
        var matched = zip(o.speeches, part.roles).map { sp, roles in
            zip(sp.rows, roles).map { row, r in r & want != 0 && (wantKind.map { kinds[Int(row.kind)] == $0 } ?? true) }
        }
        if let wanted = status.flatMap(Status.init(word:)) {
            let task = UInt8(kinds.firstIndex(of: .task) ?? 0)
            var tasks: [(Int, Int)] = []
            for (s, sp) in o.speeches.enumerated() {
                for (n, row) in sp.rows.enumerated() where matched[s][n] {
                    if row.kind == task { tasks.append((s, n)) } else { matched[s][n] = false }
                }
            }
            let statuses = try statuses(of: tasks.map { o.string(o.speeches[$0.0].rows[$0.1].id) })
            for ((s, n), st) in zip(tasks, statuses) where (st ?? .notStarted) != wanted { matched[s][n] = false }
        }
        // The matched rows and their ancestors, and how many of each kind matched.
        var counts = [Int](repeating: 0, count: kinds.count)
        var keep = matched
        for (s, sp) in o.speeches.enumerated() {
            for n in sp.rows.indices.reversed() where keep[s][n] {
                if matched[s][n] { counts[Int(sp.rows[n].kind)] += 1 }
                if sp.rows[n].parent >= 0 { keep[s][Int(sp.rows[n].parent)] = true }
            }
        }
        if counts.allSatisfy({ $0 == 0 }) { return [Array("没有符合条件的条目 (no items match)\n".utf8)] }
        return TreeText.render(o.keeping(keep), width: output.columns, counts: counts)
    }
}
