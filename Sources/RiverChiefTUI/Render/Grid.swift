import RiverChiefCore

/// One terminal cell: a character (a grapheme cluster) and its style. A wide character occupies its
/// cell and marks the next one as its continuation, which holds nothing of its own.
public struct Cell: Equatable, Sendable {
    public var char: Character
    public var style: Style
    /// The right half of the wide character in the cell before.
    public var isContinuation: Bool

    public init(_ char: Character = " ", style: Style = .plain, isContinuation: Bool = false) {
        self.char = char
        self.style = style
        self.isContinuation = isContinuation
    }

    public static let blank = Cell()
}

/// A cell position.
public struct Point: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// A frame: a rectangle of cells that views draw into, compared with the previous frame to find
/// what changed. Knows display widths (`DisplayWidth`, with the terminal's ambiguous-width setting):
/// - a wide character takes two cells, the second marked as its continuation;
/// - nothing is ever written into one half of a wide character: overwriting either half blanks the
///   other half to a space;
/// - a wide character that does not fit before the right edge (of the grid or of the clip given)
///   becomes a space.
public struct Grid: Equatable, Sendable {
    public let size: Size
    public let ambiguous: AmbiguousWidth
    public private(set) var cells: [Cell]
    /// Where the terminal's cursor shows (a text field's insertion point, so an input method opens
    /// its candidate window there); nil hides it.
    public var cursor: Point?

    public init(size: Size, ambiguous: AmbiguousWidth = .narrow) {
        self.size = Size(width: max(0, size.width), height: max(0, size.height))
        self.ambiguous = ambiguous
        cells = Array(repeating: .blank, count: self.size.width * self.size.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: size.width, height: size.height) }

    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, y >= 0, x < size.width, y < size.height else { return .blank }
        return cells[y * size.width + x]
    }

    /// Cells a character takes here (0, 1 or 2).
    public func width(of c: Character) -> Int { DisplayWidth.of(c, ambiguous: ambiguous) }

    /// Cells a string takes here.
    public func width(of s: String) -> Int { DisplayWidth.of(s, ambiguous: ambiguous) }

    /// Writes one character at (x, y), clipped to columns before `limit` (the grid's width by
    /// default). Returns the number of cells used (0 when nothing was written). Zero-width
    /// characters are dropped; text is expected to be sanitized already.
    @discardableResult
    public mutating func put(_ c: Character, x: Int, y: Int, style: Style = .plain, limit: Int? = nil) -> Int {
        let right = min(limit ?? size.width, size.width)
        guard y >= 0, y < size.height, x >= 0, x < right else { return 0 }
        let w = width(of: c)
        if w == 0 { return 0 }
        if w == 2 && x + 1 >= right {
            // A wide character that does not fit becomes a space.
            setSingle(" ", x: x, y: y, style: style)
            return 1
        }
        if w == 2 {
            clearHalves(x: x, y: y)
            clearHalves(x: x + 1, y: y)
            cells[y * size.width + x] = Cell(c, style: style)
            cells[y * size.width + x + 1] = Cell(" ", style: style, isContinuation: true)
            return 2
        }
        setSingle(c, x: x, y: y, style: style)
        return 1
    }

    private mutating func setSingle(_ c: Character, x: Int, y: Int, style: Style) {
        clearHalves(x: x, y: y)
        cells[y * size.width + x] = Cell(c, style: style)
    }

    /// Before (x, y) is overwritten: if it is half of a wide character, blank the other half.
    private mutating func clearHalves(x: Int, y: Int) {
        let i = y * size.width + x
        if cells[i].isContinuation, x > 0 {
            let lead = cells[i - 1]
            cells[i - 1] = Cell(" ", style: lead.style)
            cells[i].isContinuation = false
        } else if x + 1 < size.width, cells[i + 1].isContinuation {
            cells[i + 1] = Cell(" ", style: cells[i + 1].style)
        }
    }

    /// Writes `s` from (x, y), clipped at `limit` (exclusive column). Returns the column after the
    /// last cell written. The caller sanitizes text from data first.
    @discardableResult
    public mutating func write(_ s: String, x: Int, y: Int, style: Style = .plain, limit: Int? = nil) -> Int {
        var cx = x
        let right = min(limit ?? size.width, size.width)
        for c in s {
            if cx >= right { break }
            cx += put(c, x: cx, y: y, style: style, limit: right)
        }
        return cx
    }

    /// Fills a rectangle with spaces in `style`.
    public mutating func fill(_ r: Rect, style: Style = .plain) {
        let x0 = max(0, r.x), x1 = min(size.width, r.maxX)
        let y0 = max(0, r.y), y1 = min(size.height, r.maxY)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 {
            // Keep wide characters straddling the edges whole: blank their other halves.
            clearHalves(x: x0, y: y)
            if x1 - 1 > x0 { clearHalves(x: x1 - 1, y: y) }
            for x in x0..<x1 { cells[y * size.width + x] = Cell(" ", style: style) }
        }
    }

    /// Writes `s` into one row of `r`: truncated with an ellipsis to the row's width, and the rest
    /// of the row filled with spaces in `style` (so a selected row is reversed edge to edge).
    public mutating func line(_ s: String, in r: Rect, style: Style = .plain, ellipsis: String = "…") {
        guard r.width > 0, r.height > 0 else { return }
        fill(Rect(x: r.x, y: r.y, width: r.width, height: 1), style: style)
        let t = TextLayout.truncate(s, to: r.width, ellipsis: ellipsis, ambiguous: ambiguous)
        write(t, x: r.x, y: r.y, style: style, limit: r.maxX)
    }

    /// The text of row `y`, continuation cells skipped, trailing spaces kept (for tests).
    public func text(row y: Int) -> String {
        var s = ""
        for x in 0..<size.width {
            let c = self[x, y]
            if !c.isContinuation { s.append(c.char) }
        }
        return s
    }

    /// The whole frame as text, one line per row, trailing spaces removed (for tests and logs).
    public var text: String {
        (0..<size.height).map { y in
            var line = text(row: y)
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
