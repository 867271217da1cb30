import Foundation
import RiverChiefCore
import RiverChiefTUI

/// The dashboard in-process, as its runtime drives it but with no terminal: `AppState` from the
/// loaded library, then for each key `update` + `view` + `FrameDiff` against the previous frame
/// (what the ncurses backend is then given). Each figure is one key press, end to end.
struct TUIBench {
    var library: Library
    var states: [String: ItemState]
    var size: Size
    var iterations: Int

    /// The state, the last frame, and a key-press driver that measures each press.
    struct Session {
        var state: AppState
        var frame: Grid
        var changedCells = 0

        init(_ state: AppState) {
            self.state = state
            frame = view(state)
        }

        /// One key: update, view, diff. Returns milliseconds.
        mutating func press(_ key: Key) -> Double {
            let t0 = monotonicNanos()
            _ = update(&state, .key(key))
            let next = view(state)
            let changes = FrameDiff.changes(from: frame, to: next)
            frame = next
            changedCells = changes.count
            return Double(monotonicNanos() - t0) / 1e6
        }
    }

    func newState() -> AppState {
        let settings = Settings(lang: .zh, ambiguous: .narrow, user: "bench", libraryPath: "bench")
        var s = AppState(library: library, settings: settings, size: size, today: "2021-06-30")
        _ = update(&s, .statesLoaded(states))
        return s
    }

    func report(into r: inout Report) {
        let tag = "\(size.width)×\(size.height)"
        // First frame: the state from the loaded library, the states snapshot, one view.
        var firstCells = 0
        let first = measure(warmup: 1, iterations: max(3, iterations / 100)) { _ in
            let s = newState()
            let g = view(s)
            firstCells = FrameDiff.changes(from: nil, to: g).count
            blackHole(g)
        }
        r.add("first frame in-process \(tag): AppState + states + view + diff", first, target: "≤ 200 ms (with load)",
              note: "\(library.items.count) items, \(firstCells) cells")

        // What the first frame is made of, part by part (each also inside the figure above).
        if size.width == 100 {
            let whole = library.wholeModels()
            r.add("  part: Library(models:), the tree by position", measure(warmup: 1, iterations: 5) { _ in blackHole(Library(models: whole)) })
            r.add("  not in it: Library(models:) + prepareIndexes() (the indexes by id, after the first frame)",
                  measure(warmup: 1, iterations: 5) { _ in
                      let l = Library(models: whole)
                      l.prepareIndexes()
                      blackHole(l)
                  })
            let outline = Outline(library: library)
            r.add("  part: Outline(library:)", measure(warmup: 1, iterations: 5) { _ in blackHole(Outline(library: library)) })
            // The snapshot by id placed by item position, then folded: the work the start does.
            r.add("  part: StatusBook (states placed by position, folded per item)", measure(warmup: 1, iterations: 5) { _ in
                blackHole(StatusBook(library: library, outline: outline, states: ItemStates(states, library: library), today: "2021-06-30"))
            })
        }

        let indexes = measure(warmup: 0, iterations: 3) { _ in
            let s = newState()
            blackHole(SearchIndexes(library: s.library, outline: s.outline))
        }
        r.add("search indexes built (off the key path, after the first frame)", indexes)

        var base = Session(newState())
        _ = update(&base.state, .searchReady(SearchIndexes(library: base.state.library, outline: base.state.outline)))
        base.frame = view(base.state)

        r.add("key \(tag): cursor move (j)", keys(base, warmup: 20) { s, n in s.press(n % 400 < 200 ? .char("j") : .char("k")) },
              target: "≤ 5 ms median, ≤ 16 ms p99")
        r.add("key \(tag): page (PgDn)", keys(base, warmup: 5) { s, n in s.press(n % 40 < 20 ? .pageDown : .pageUp) },
              target: "≤ 5 ms median, ≤ 16 ms p99")
        r.add("key \(tag): expand a speech (Enter; 1,000 items open)", keys(base, warmup: 2) { s, _ in
            let t = s.press(.enter)
            _ = s.press(.enter) // collapse again, unmeasured
            return t
        }, target: "≤ 5 ms median, ≤ 16 ms p99")
        var expanded = base
        _ = expanded.press(.enter)
        _ = expanded.press(.char("j"))
        r.add("key \(tag): expand a section (l) inside an open speech", keys(expanded, warmup: 2) { s, _ in
            let t = s.press(.char("l"))
            _ = s.press(.char("h"))
            return t
        }, target: "≤ 5 ms median, ≤ 16 ms p99")
        let views: [Key] = [.char("2"), .char("3"), .char("4"), .char("1")]
        r.add("key \(tag): switch view (1–4 in turn)", keys(base, warmup: 4) { s, n in s.press(views[n % 4]) },
              target: "≤ 5 ms median, ≤ 16 ms p99")

        for (label, word) in [("Chinese 生态流量", "生态流量"), ("pinyin stbc", "stbc"), ("pinyin shuitu", "shuitu")] {
            let chars = Array(word)
            r.add("search \(tag): per typed character, \(label)", keys(base, warmup: 1, perIteration: chars.count) { s, n in
                let k = n % (chars.count + 2)
                if k == 0 { _ = s.press(.char("/")) }
                if k == chars.count + 1 { _ = s.press(.escape); return .nan }
                return k == 0 ? .nan : s.press(.char(chars[k - 1]))
            }, target: "≤ 30 ms")
        }

        let unitWord = Array("水利局")
        r.add("filter \(tag): f, type 水利局, Enter (per key)", keys(base, warmup: 1, perIteration: unitWord.count + 2) { s, n in
            let k = n % (unitWord.count + 3)
            switch k {
            case 0: return s.press(.char("f"))
            case unitWord.count + 1: return s.press(.enter)
            case unitWord.count + 2: _ = s.press(.char("F")); return .nan
            default: return s.press(.char(unitWord[k - 1]))
            }
        }, target: "≤ 5 ms median, ≤ 16 ms p99")
        var filtered = base
        _ = filtered.press(.char("f"))
        for c in unitWord { _ = filtered.press(.char(c)) }
        _ = filtered.press(.enter)
        r.add("key \(tag): cursor move (j) with a unit filter on", keys(filtered, warmup: 20) { s, n in s.press(n % 400 < 200 ? .char("j") : .char("k")) },
              target: "≤ 5 ms median, ≤ 16 ms p99")
    }

    /// Runs `press` on a copy of `session` until `iterations` figures are collected (NaN results,
    /// the unmeasured set-up keys, are skipped).
    func keys(_ session: Session, warmup: Int, perIteration: Int = 1, _ press: (inout Session, Int) -> Double) -> Samples {
        var s = session
        var out = Samples()
        var n = 0
        var skipped = 0
        while out.count < iterations {
            let t = press(&s, n)
            n += 1
            if t.isNaN { continue }
            if skipped < warmup { skipped += 1; continue }
            out.add(t)
        }
        return out
    }
}
