/// One cell to send to the terminal.
public struct CellChange: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public var cell: Cell
}

/// The difference between two frames: only the cells that changed, wide characters sent as their
/// first cell (which covers the continuation), never a continuation on its own.
public enum FrameDiff {
    /// Changes that turn `old` into `new`. With no previous frame (first draw, after a resize), every
    /// non-continuation cell of `new`.
    public static func changes(from old: Grid?, to new: Grid) -> [CellChange] {
        var out: [CellChange] = []
        let w = new.size.width, h = new.size.height
        let comparable = old.map { $0.size == new.size && $0.ambiguous == new.ambiguous } ?? false
        new.cells.withUnsafeBufferPointer { nc in
            if comparable, let o = old {
                o.cells.withUnsafeBufferPointer { oc in
                    for i in 0..<(w * h) where nc[i] != oc[i] {
                        let c = nc[i]
                        if c.isContinuation {
                            // The lead cell changed too (a continuation follows its lead), unless only
                            // the style of the continuation changed: send the lead again.
                            if i % w > 0, nc[i - 1] == oc[i - 1] {
                                out.append(CellChange(x: i % w - 1, y: i / w, cell: nc[i - 1]))
                            }
                            continue
                        }
                        out.append(CellChange(x: i % w, y: i / w, cell: c))
                    }
                }
            } else {
                for i in 0..<(w * h) where !nc[i].isContinuation {
                    out.append(CellChange(x: i % w, y: i / w, cell: nc[i]))
                }
            }
        }
        return out
    }

    /// The rows that `changes` touch, ascending.
    public static func rows(_ changes: [CellChange]) -> [Int] {
        Array(Set(changes.map(\.y))).sorted()
    }
}
