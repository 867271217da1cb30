import Foundation
import XCTest
import RiverChiefCore
import RiverChiefStore
@testable import RiverChiefTUI

/// A long run of random input against the real `update` and `view` over the real library, with a
/// real state store in a temporary file answering the writes: every key of the action table, form
/// and menu keys, Chinese typed and pasted, mouse clicks and wheel, resizes down to 1×1. After every
/// event the invariants a person would notice hold: no crash, every selection in its list, the
/// frame exactly the terminal's size, every wide character followed by its continuation and none
/// cut at the right edge.
///
/// RC_MONKEY_EVENTS sets the number of events (default 100,000); RC_MONKEY_SEED replays a run (the
/// seed is printed, and named in every failure). The default seed is fixed, so CI is repeatable;
/// RC_MONKEY_SEED=random explores a new one.
final class MonkeyTests: XCTestCase {
    /// SplitMix64: small, fast, and the same sequence for a seed on every machine.
    struct SeededRNG: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let chinese = Array("河长制生态流量水土保持黄河流域污染防治联席会议市水利局推进中已完成受阻滞后，。、；：“”（）《》一二三四五六七八九十")
    static let ascii = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_/.,:;%()[]{}!?")
    static let pastes = ["完成对照检查，形成短板清单", "stbc", "shuitu", "2026-06-30", "2026年6月30日", "４０", "40%",
                         "生态流量\n下一步：召开专题会", "河长办 city.water", String(repeating: "黄河", count: 120), "😀👍🏽 e\u{301}"]

    /// Every key the dashboard binds, and the keys forms, menus and prompts read.
    static let keys: [Key] = {
        var all = Action.allCases.flatMap(\.keys)
        all += [.up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .enter, .tab, .backTab, .backspace,
                .delete, .escape, .function(1), .function(5)]
        all += "abcdefghijklmnopqrstuvwxyz".map { Key.ctrl($0) }
        all += "0123456789".map { Key.char($0) }
        return all
    }()

    enum Event {
        case key(Key)
        case paste(String)
        case resize(Size)
        case mouse(MouseEvent)
        case tick
    }

    static func randomEvent(_ rng: inout SeededRNG, size: Size) -> Event {
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<55: return .key(Self.keys.randomElement(using: &rng) ?? .down)
        case 55..<68: return .key(.char(Self.chinese.randomElement(using: &rng) ?? "河"))
        case 68..<76: return .key(.char(Self.ascii.randomElement(using: &rng) ?? "a"))
        case 76..<82: return .paste(Self.pastes.randomElement(using: &rng) ?? "")
        case 82..<88:
            // Compact and ordinary sizes mostly, tiny ones (1×1 up) and large ones sometimes.
            let w: Int, h: Int
            switch Int.random(in: 0..<20, using: &rng) {
            case 0..<3: (w, h) = (Int.random(in: 1...45, using: &rng), Int.random(in: 1...12, using: &rng))
            case 3..<12: (w, h) = (Int.random(in: 40...79, using: &rng), Int.random(in: 10...23, using: &rng))
            case 12..<19: (w, h) = (Int.random(in: 80...100, using: &rng), Int.random(in: 24...30, using: &rng))
            default: (w, h) = (Int.random(in: 101...200, using: &rng), Int.random(in: 31...60, using: &rng))
            }
            return .resize(Size(width: w, height: h))
        case 88..<95:
            let kinds: [MouseEvent.Kind] = [.press, .wheelUp, .wheelDown]
            return .mouse(MouseEvent(kind: kinds.randomElement(using: &rng) ?? .press,
                                     x: Int.random(in: -1...size.width, using: &rng), y: Int.random(in: -1...size.height, using: &rng)))
        default: return .tick
        }
    }

    /// The real library (Data/), the store in a temporary file.
    static func library() throws -> Library {
        let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Data")
        return try XCTUnwrap(LibraryLoader().load(directory: data).library)
    }

    /// What one monkey did: its failure (with how to replay it), and where its time went.
    struct Run {
        var seed: UInt64
        var failure: String?
        var events = 0, writes = 0
        var updating = 0.0, drawing = 0.0, checking = 0.0
    }

    func testMonkey() throws {
        let env = ProcessInfo.processInfo.environment
        // A fixed seed by default, so CI is repeatable; RC_MONKEY_SEED=random explores new ones.
        let seed: UInt64 = env["RC_MONKEY_SEED"] == "random" ? UInt64.random(in: 1...UInt64(UInt32.max))
            : env["RC_MONKEY_SEED"].flatMap { UInt64($0) } ?? 20_261_130
        let count = env["RC_MONKEY_EVENTS"].flatMap { Int($0) } ?? 100_000
        // One monkey per core (each with its own seed, state and store): the same number of events
        // in half the time on CI's two cores.
        let threads = max(1, env["RC_MONKEY_THREADS"].flatMap { Int($0) } ?? min(2, ProcessInfo.processInfo.activeProcessorCount))
        print("monkey: seed \(seed), \(count) events on \(threads) thread(s) "
              + "(replay: RC_MONKEY_SEED=\(seed) RC_MONKEY_EVENTS=\(count) RC_MONKEY_THREADS=\(threads))")
        let library = try Self.library()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rc-monkey-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let start = Date(), cpuStart = Self.cpuSeconds()
        let results = LockedRuns()
        DispatchQueue.concurrentPerform(iterations: threads) { k in
            let share = count / threads + (k < count % threads ? 1 : 0)
            results.add(Self.monkey(seed: seed &+ UInt64(k), events: share, library: library,
                                    db: dir.appendingPathComponent("state-\(k).sqlite").path))
        }
        let runs = results.all.sorted { $0.seed < $1.seed }
        for r in runs { if let f = r.failure { XCTFail(f) } }
        let wall = Date().timeIntervalSince(start), cpu = Self.cpuSeconds() - cpuStart
        let sum = { (f: (Run) -> Double) in runs.map(f).reduce(0, +) }
        print("monkey: \(runs.map(\.events).reduce(0, +)) events, \(runs.map(\.writes).reduce(0, +)) writes asked, in "
              + String(format: "%.1f s (%.1f s of CPU: update %.1f, view %.1f, checks %.1f)", wall, cpu,
                       sum(\.updating), sum(\.drawing), sum(\.checking)))
        XCTAssertEqual(runs.map(\.events).reduce(0, +), count, "every event ran")
    }

    final class LockedRuns: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var all: [Run] = []
        func add(_ r: Run) { lock.lock(); all.append(r); lock.unlock() }
    }

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
    }

    /// One monkey: `events` random events from `seed` against its own state and store.
    static func monkey(seed: UInt64, events count: Int, library: Library, db: String) -> Run {
        var run = Run(seed: seed)
        var rng = SeededRNG(state: seed)
        let store: Store
        do {
            store = try Store(path: db, origin: Origin(account: "monkey", uid: 4242, host: "test", sshClient: ""))
        } catch {
            run.failure = "cannot open the monkey's store: \(error)"
            return run
        }
        let lang: Lang = seed % 2 == 0 ? .zh : .en
        let ambiguous: AmbiguousWidth = seed % 3 == 0 ? .wide : .narrow
        var state = AppState(library: library, settings: Settings(lang: lang, ambiguous: ambiguous, user: "monkey", libraryPath: "Data"),
                             size: Size(width: 100, height: 30), today: "2026-11-30")
        state.storeAccess = .readWrite(path: store.path)
        var pending: [Msg] = []

        func apply(_ msg: Msg) {
            pending.append(msg)
            while !pending.isEmpty {
                let m = pending.removeFirst()
                for effect in update(&state, m) { pending += perform(effect) }
            }
        }

        // The runtime's work, done at once: the store really written, the indexes really built.
        func perform(_ effect: Effect) -> [Msg] {
            switch effect {
            case .quit, .setMouse, .redrawAll: return []
            case .buildSearchIndexes: return [.searchReady(SearchIndexes(library: state.library, outline: state.outline))]
            case .loadStates: return [(try? store.snapshot()).map(Msg.statesLoaded) ?? .notice("no states")]
            case .write(let id, let change, let base):
                run.writes += 1
                do { return [.written(try store.write(change, to: id, base: .lastSeen(base)))] } catch {
                    return [.writeFailed(itemID: id, error: error as? StoreError, text: "\(error)")]
                }
            case .undo(let batch):
                do { return [.undone(try store.undo(batch: batch))] } catch {
                    return [.writeFailed(itemID: nil, error: error as? StoreError, text: "\(error)")]
                }
            case .previewUndo:
                do { return [.undoPreviewed(events: try store.undoable(), error: nil)] } catch {
                    return [.undoPreviewed(events: nil, error: "\(error)")]
                }
            case .loadHistory(let id):
                return [.historyLoaded(itemID: id, events: try? store.history(itemID: id), error: nil)]
            case .recordRefusal(let id, let attempted):
                store.recordIfRefused("set", on: id, attempted: attempted)
                return []
            case .loadReportTimes:
                return [(try? store.reportTimes()).map(Msg.reportTimesLoaded) ?? .notice("no report times")]
            case .loadReports:
                do {
                    let input = try store.reportInput(library: state.library, asOf: nil, rules: state.settings.reportRules)
                    return [.reportsLoaded(ReportSummary(input), error: nil)]
                } catch {
                    return [.reportsLoaded(nil, error: "\(error)")]
                }
            case .exportReport(let kind, let format):
                // The report is rendered (what a file would hold) but not written: no files from the monkey.
                guard let input = try? store.reportInput(library: state.library, asOf: nil, rules: state.settings.reportRules) else {
                    return [.notice("no report")]
                }
                let bytes = kind == .ledger ? (try? Ledger(input).render(format, timeZone: input.timeZone))
                                            : (try? Scorecard(input).render(format, rules: input.rules))
                return [.notice("\(kind) \(format): \(bytes?.count ?? -1) bytes")]
            }
        }

        apply(.resize(state.size))
        apply(.searchReady(SearchIndexes(library: library, outline: state.outline)))
        // The last events, described only when something breaks.
        var recent: [Event] = []
        for n in 0..<count {
            let event = randomEvent(&rng, size: state.size)
            let t0 = Date()
            if recent.count == 12 { recent.removeFirst() }
            recent.append(event)
            switch event {
            case .key(let k): apply(.key(k))
            case .paste(let text): for c in text { apply(.key(c == "\n" ? .enter : .char(c))) }
            case .resize(let s): apply(.resize(s))
            case .mouse(let m): apply(.mouse(m))
            case .tick: apply(.keysRested)
            }
            // q and Ctrl-C quit: the run goes on as a new session would.
            state.quitting = false
            let t1 = Date()
            let grid = view(state)
            let t2 = Date()
            let problem = Self.problem(state, grid)
            run.updating += t1.timeIntervalSince(t0)
            run.drawing += t2.timeIntervalSince(t1)
            run.checking += Date().timeIntervalSince(t2)
            run.events += 1
            if let problem {
                run.failure = "event \(n) of seed \(seed) (replay: RC_MONKEY_SEED=\(seed) RC_MONKEY_EVENTS=\(n + 1) RC_MONKEY_THREADS=1): "
                    + "\(problem)\nlast events: \(recent.map { "\($0)" }.joined(separator: ", "))\nscreen:\n\(grid.text)"
                return run
            }
        }
        return run
    }

    /// The first broken invariant, or nil.
    static func problem(_ s: AppState, _ grid: Grid) -> String? {
        if grid.size != s.size { return "the frame is \(grid.size), the terminal \(s.size)" }
        if let c = grid.cursor, !(0..<grid.size.width).contains(c.x) || !(0..<grid.size.height).contains(c.y) {
            return "the cursor \(c) is outside the \(grid.size) terminal"
        }
        let w = grid.size.width
        guard grid.cells.count == w * grid.size.height else { return "\(grid.cells.count) cells for \(grid.size)" }
        // Widths by character, measured once each (a screen repeats few distinct characters).
        var widths: [Character: Int] = [:]
        func width(_ c: Character) -> Int {
            // Below U+00A1 nothing is wide, whatever the ambiguous width (the common case, cheaply).
            if let first = c.unicodeScalars.first, first.value < 0xA1, c.unicodeScalars.count == 1 { return 1 }
            if let known = widths[c] { return known }
            let measured = grid.width(of: c)
            widths[c] = measured
            return measured
        }
        return grid.cells.withUnsafeBufferPointer { cells -> String? in
            var previousWide = false
            for k in 0..<cells.count {
                let cell = cells[k], x = k % w
                if x == 0 { previousWide = false }
                if cell.isContinuation {
                    if !previousWide { return "row \(k / w), column \(x): a continuation without a wide character before it" }
                    previousWide = false
                    continue
                }
                if previousWide { return "row \(k / w), column \(x - 1): a wide character without its continuation" }
                previousWide = width(cell.char) == 2
                if previousWide && x == w - 1 { return "row \(k / w): the wide \(cell.char) is cut at the last column" }
            }
            return nil
        } ?? listProblem(s)
    }

    /// The first selection outside its list, or nil.
    static func listProblem(_ s: AppState) -> String? {
        func inList(_ name: String, _ cursor: ListCursor, _ count: Int) -> String? {
            let ok = count == 0 ? cursor.selected == 0 : (0..<count).contains(cursor.selected)
            return ok && cursor.top >= 0 ? nil : "\(name): selection \(cursor.selected) (top \(cursor.top)) in a list of \(count)"
        }
        let lists: [(String, ListCursor, Int)] = [
            ("tree", s.treeCursor, s.tree.count), ("units", s.unitCursor, s.library.units.count),
            ("targets", s.targetCursor, s.library.targets.count), ("status", s.statusCursor, s.statusRows.count),
            ("unit's tasks", s.unitTasksCursor, s.unitTasks.count), ("target's tasks", s.targetTasksCursor, s.targetTasks.count),
        ]
        for (name, cursor, count) in lists { if let p = inList(name, cursor, count) { return p } }
        if s.detailScroll < 0 { return "detail scrolled to \(s.detailScroll)" }
        switch s.mode {
        case .filter(let picker): if let p = inList("filter choices", picker.cursor, picker.shown.count) { return p }
        case .statusMenu(let menu): if !Status.allCases.indices.contains(menu.cursor) { return "status menu at \(menu.cursor)" }
        case .form(let form):
            if !form.fields.indices.contains(form.focus) { return "form field \(form.focus) of \(form.fields.count)" }
            for f in form.fields where f.cursor < 0 || f.cursor > f.text.count { return "text cursor \(f.cursor) in \(f.text.count) characters" }
        case .history(let panel): if panel.scroll < 0 { return "history scrolled to \(panel.scroll)" }
        case .help(let scroll): if scroll < 0 { return "help scrolled to \(scroll)" }
        case .messages(let scroll): if scroll < 0 { return "messages scrolled to \(scroll)" }
        // A write landing while a list is open may shorten it: the keys and the drawing clamp the cursor.
        case .drafts(let cursor): if cursor < 0 { return "drafts list at \(cursor)" }
        case .changes(let cursor): if cursor < 0 { return "changes list at \(cursor)" }
        case .reports(let panel): if panel.scroll < 0 { return "reports panel scrolled to \(panel.scroll)" }
        case .confirmUndo, .browse, .search: break
        }
        return nil
    }
}
