import ArgumentParser
import Foundation
import RiverChiefCore
import RiverChiefTUI

/// The floor for a cursor move with its pane: the rows the dashboard's tree shows when it opens,
/// and for each the characters the dashboard's side pane shows when that row is selected, taken
/// from the dashboard's own frame (`view`) at the size measured, without their styles.
/// `riverchief-floor --detail --items FILE` lists the rows and, on every move, redraws its pane
/// with the new row's lines, where the dashboard's pane is (`--pane-column`, `--chrome`): the same
/// text in the same place, written the least way ncurses can.
enum FloorItems {
    struct Row: Encodable {
        var row: String
        var pane: [String]
    }

    /// Writes the rows of the library at `library`, at `rows`×`cols`, to `file`; gives the floor's
    /// arguments that show them there.
    static func write(library: String, rows: Int, cols: Int, to file: URL) throws -> [String] {
        guard let lib = LibraryLoader().load(directory: URL(fileURLWithPath: library)).library else {
            throw ValidationError("the library at \(library) does not load")
        }
        let size = Size(width: cols, height: rows)
        let settings = Settings(lang: .zh, ambiguous: .narrow, user: "bench", libraryPath: library)
        var state = AppState(library: lib, settings: settings, size: size, today: "2021-06-30")
        let layout = Layout(size: size, view: .tree, focus: .main)
        guard let main = layout.main, let side = layout.side else {
            throw ValidationError("\(cols)×\(rows) has no side pane")
        }
        let height = layout.mainListHeight
        // A floor's list of a few thousand rows is plenty for the moves measured.
        let count = min(state.tree.count, 5_000)
        var out: [Row] = []
        out.reserveCapacity(count)
        for r in 0..<count {
            state.treeCursor.select(r, count: state.tree.count, height: height)
            let g = view(state)
            let y = main.y + 1 + (r - state.treeCursor.visibleTop(count: state.tree.count, height: height))
            out.append(Row(row: text(g, row: y, from: main.x, to: main.maxX),
                           pane: (side.y + 1..<side.maxY).map { text(g, row: $0, from: side.x, to: side.maxX) }))
        }
        try JSONEncoder().encode(out).write(to: file)
        return ["--items", file.path, "--chrome", String(main.y + 1), "--pane-column", String(side.x)]
    }

    /// The characters of `row` between columns `from` and `to`, trailing blanks dropped.
    static func text(_ g: Grid, row y: Int, from: Int, to: Int) -> String {
        guard y >= 0, y < g.size.height else { return "" }
        var s = ""
        for x in max(0, from)..<min(to, g.size.width) where !g[x, y].isContinuation {
            s.append(g[x, y].char)
        }
        while s.last == " " { s.removeLast() }
        return s
    }
}
