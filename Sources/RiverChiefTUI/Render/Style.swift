/// Colours the dashboard uses, by meaning. The backend maps each to a colour pair; without colour
/// (vt100, `NO_COLOR`, `--no-color`) only the attributes remain, so nothing depends on colour.
public enum Tone: UInt8, Sendable, CaseIterable {
    case normal, accent, muted, good, warn, bad, blocked, chrome, match
}

/// How a cell is drawn: a tone and attributes.
public struct Style: Equatable, Sendable {
    public var tone: Tone
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(_ tone: Tone = .normal, bold: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.tone = tone
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
    }

    public static let plain = Style()
    public static let bold = Style(bold: true)
    public static let selected = Style(reverse: true)

    /// This style with reverse video on (the selected row).
    public var reversed: Style { var s = self; s.reverse = true; return s }
    public var emboldened: Style { var s = self; s.bold = true; return s }

    /// A part of a list row in its own look, except in the cursor's row, which is one even bar
    /// (as in htop and tig): no colours or weights inside it.
    public func inRow(_ row: Style) -> Style { row.reverse ? row : self }
}

/// Width and height in cells.
public struct Size: Equatable, Sendable, CustomStringConvertible {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
    public var description: String { "\(width)×\(height)" }
}

/// A rectangle of cells.
public struct Rect: Equatable, Sendable {
    public var x: Int, y: Int, width: Int, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    /// An overlay's box on a screen of `size`: at most `maxWidth` wide (and one column in from each
    /// side), `height` rows (all but the top and bottom row when nil), centred.
    public static func overlay(on size: Size, maxWidth: Int, height: Int? = nil) -> Rect {
        // A box that would leave one column of the screen on each side takes the whole width: a
        // one-column sliver of the list beneath (a highlighted cell at column 0, a border's "─" at
        // the right edge) reads as a leftover, not as the screen behind.
        let w = size.width - maxWidth <= 2 ? size.width : min(size.width - 2, maxWidth)
        let h = min(height ?? size.height - 2, size.height)
        return Rect(x: max(0, (size.width - w) / 2), y: height == nil ? 1 : max(0, (size.height - h) / 2), width: w, height: h)
    }

    /// The rectangle with `n` rows taken off the top (returned first) and the rest.
    public func splitTop(_ n: Int) -> (Rect, Rect) {
        let k = min(max(0, n), height)
        return (Rect(x: x, y: y, width: width, height: k), Rect(x: x, y: y + k, width: width, height: height - k))
    }

    /// The rectangle with `n` columns taken off the left (returned first) and the rest.
    public func splitLeft(_ n: Int) -> (Rect, Rect) {
        let k = min(max(0, n), width)
        return (Rect(x: x, y: y, width: k, height: height), Rect(x: x + k, y: y, width: width - k, height: height))
    }

    /// One row of this rectangle (relative), or an empty rectangle outside it.
    public func row(_ i: Int) -> Rect {
        guard i >= 0, i < height else { return Rect(x: x, y: y, width: 0, height: 0) }
        return Rect(x: x, y: y + i, width: width, height: 1)
    }

    /// Shrunk by `dx` columns on each side and `dy` rows on top and bottom.
    public func inset(dx: Int, dy: Int) -> Rect {
        Rect(x: x + dx, y: y + dy, width: width - 2 * dx, height: height - 2 * dy)
    }
}
