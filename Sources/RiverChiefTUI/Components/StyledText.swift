import RiverChiefCore

/// A run of text in one style.
public struct Run: Equatable, Sendable {
    public var text: String
    public var style: Style
    public init(_ text: String, _ style: Style = .plain) {
        self.text = text
        self.style = style
    }
}

/// One line of styled runs.
public typealias StyledLine = [Run]

/// Wrapping styled text by display width, with TextLayout's rules (kinsoku: no line starts with
/// closing punctuation), keeping each character's style.
public enum StyledText {
    /// Wraps `runs` to `width` cells. Line breaks follow `TextLayout.wrap` on the plain text; styles
    /// are carried over character by character.
    ///
    /// `maxLines`: only the first lines are wanted (what a pane shows of a long text). The text is
    /// then read only as far as those lines need (`Reach`), so the lines given are the same as the
    /// whole text's first ones.
    public static func wrap(_ runs: [Run], width: Int, ambiguous: AmbiguousWidth, maxLines: Int = .max) -> [StyledLine] {
        // Only as far as the wanted lines need (`Reach`). Each scalar read keeps its run's style.
        let limited = maxLines < Int.max
        var reach = Reach(width: width, ambiguous: ambiguous, maxLines: maxLines)
        // One style for all (most calls: a field's value, a title): each character takes it, and
        // no style is kept per scalar.
        let single = runs.dropFirst().allSatisfy { $0.style == runs[0].style } ? runs.first?.style : nil
        var plain = ""
        var scalarStyles: [Style] = []
        read: for r in runs {
            guard limited else {
                plain += r.text
                if single == nil { scalarStyles += repeatElement(r.style, count: r.text.unicodeScalars.count) }
                continue
            }
            if single != nil {
                // Measured a character at a time, taken whole.
                var bytes = 0, enough = false
                for c in r.text {
                    bytes += c.utf8.count
                    if reach.enough(after: c) { enough = true; break }
                }
                plain += r.text[..<r.text.utf8.index(r.text.utf8.startIndex, offsetBy: bytes)]
                if enough { break read }
                continue
            }
            for c in r.text {
                plain.append(c)
                for _ in c.unicodeScalars { scalarStyles.append(r.style) }
                if reach.enough(after: c) { break read }
            }
        }
        var wrapped = TextLayout.wrap(plain, width: width, ambiguous: ambiguous)
        if wrapped.count > maxLines { wrapped.removeLast(wrapped.count - maxLines) }
        // One style: each line is one run.
        if let single { return wrapped.map { $0.isEmpty ? [] : [Run($0, single)] } }
        // Joined, a run's first character may merge with the last of the one before (a combining
        // mark): each character of the joined text takes the style of its first scalar, so the
        // lines below find every one of their characters.
        var chars: [(Character, Style)] = []
        var scalar = 0
        for c in plain {
            chars.append((c, scalarStyles[scalar]))
            scalar += c.unicodeScalars.count
        }
        var out: [StyledLine] = []
        var k = 0
        for line in wrapped {
            var styled: StyledLine = []
            for c in line {
                // Skip what the wrapper dropped (spaces at a break, the newline itself).
                while k < chars.count && chars[k].0 != c { k += 1 }
                let style = k < chars.count ? chars[k].1 : .plain
                if let last = styled.last, last.style == style {
                    styled[styled.count - 1].text.append(c)
                } else {
                    styled.append(Run(String(c), style))
                }
                k += 1
            }
            out.append(styled)
        }
        return out
    }

    /// How much of a text the first `maxLines` lines wrapped at `width` need, read a character at a
    /// time: `enough(after:)` is true once the characters read so far give those lines exactly as
    /// the whole text would.
    ///
    /// A line holds at most `cell` cells (the width; one wide character when the width is 1).
    /// Spaces do not count: a break drops any number of them. Paragraphs (split at line breaks)
    /// are wrapped each on its own, and a whole paragraph whose characters other than spaces take
    /// c cells gives at least c / `cell` lines, and at least one. Within a paragraph, `TextLayout`
    /// decides each line from its own characters and the first one that does not fit; so once the
    /// paragraph's characters read hold more than a line's worth of cells beyond what the wanted
    /// lines can hold, those lines are decided.
    public struct Reach {
        let cell: Int, maxLines: Int, ambiguous: AmbiguousWidth
        /// Lines given by the whole paragraphs read (at least), and the cells of the current
        /// paragraph's characters other than spaces.
        var lines = 0, inked = 0
        /// Whether `enough(after:)` has said so.
        public private(set) var reached = false

        public init(width: Int, ambiguous: AmbiguousWidth, maxLines: Int) {
            cell = max(2, width)
            self.maxLines = maxLines
            self.ambiguous = ambiguous
        }

        public mutating func enough(after c: Character) -> Bool {
            // By its one byte (comparing characters costs more than the rest).
            let byte = c.utf8.count == 1 ? c.utf8.first : nil
            if byte == 0x0A {
                lines += max(1, (inked + cell - 1) / cell)
                inked = 0
                reached = reached || lines > maxLines
            } else {
                if byte != 0x20 { inked += DisplayWidth.of(c, ambiguous: ambiguous) }
                // inked > (maxLines - lines + 1) × cell, without overflowing.
                reached = reached || (inked > 0 && (inked - 1) / cell > maxLines - lines)
            }
            return reached
        }
    }

    /// "label  value" with the value wrapped and continuation lines indented under it.
    public static func field(_ label: String, _ value: [Run], width: Int, ambiguous: AmbiguousWidth,
                             labelWidth requested: Int) -> [StyledLine] {
        // A label as wide as its column would run into its value: never less than one cell between.
        let labelWidth = max(requested, DisplayWidth.of(label, ambiguous: ambiguous) + 1)
        if width < labelWidth + 6 {
            // Too narrow for a label column: the label on its own line, the value below.
            return [[Run(label, Style(.muted))]] + wrap(value, width: width, ambiguous: ambiguous)
        }
        let lines = wrap(value, width: width - labelWidth, ambiguous: ambiguous)
        let pad = String(repeating: " ", count: labelWidth)
        let head = TextLayout.pad(label, to: labelWidth, ambiguous: ambiguous)
        return lines.enumerated().map { i, l in [Run(i == 0 ? head : pad, Style(.muted))] + l }
    }

    /// Draws one styled line into a row of `r`, clipped at its right edge.
    /// Draws `lines` from `scroll` into `r`, one per row, blanking rows past the end; the scroll is
    /// held where the last page is full (help, messages, history, the reports panel).
    public static func draw(_ lines: [StyledLine], scrolledTo scroll: Int, in r: Rect, grid g: inout Grid) {
        let top = min(scroll, max(0, lines.count - r.height))
        for i in 0..<max(0, r.height) {
            let rr = r.row(i)
            if top + i < lines.count { draw(lines[top + i], in: rr, grid: &g) } else { g.fill(rr) }
        }
    }

    public static func draw(_ line: StyledLine, in r: Rect, grid: inout Grid, fill: Style = .plain) {
        guard r.width > 0, r.height > 0 else { return }
        grid.fill(Rect(x: r.x, y: r.y, width: r.width, height: 1), style: fill)
        var x = r.x
        for run in line {
            if x >= r.maxX { break }
            x = grid.write(run.text, x: x, y: r.y, style: run.style, limit: r.maxX)
        }
    }
}

/// A progress bar with its figures: "[####......] 3/10 30%".
public enum ProgressBar {
    public static func render(done: Int, total: Int, barWidth: Int, glyphs: Glyphs) -> String {
        let w = max(1, barWidth)
        let filled = total > 0 ? min(w, done * w / total) : 0
        let pct = total > 0 ? done * 100 / total : 0
        return "[" + String(repeating: glyphs.barFull, count: filled)
            + String(repeating: glyphs.barEmpty, count: w - filled) + "] \(done)/\(total) \(pct)%"
    }
}

extension ProgressBar {
    /// "[###.......] 30%" for a percentage (clamped to 0…100).
    public static func percent(_ p: Int, barWidth: Int, glyphs: Glyphs) -> String {
        let v = min(100, max(0, p)), w = max(1, barWidth)
        let filled = v * w / 100
        return "[" + String(repeating: glyphs.barFull, count: filled) + String(repeating: glyphs.barEmpty, count: w - filled) + "] \(v)%"
    }
}

/// A virtualised list pane: a title row and the visible rows only, whatever the list's length.
public enum ListPane {
    /// Draws `title` and rows `top ..< top + height` of a list of `count` rows. `row` draws one row
    /// into the rectangle it is given; `selected` says whether it is the cursor's row.
    public static func draw(title: String, count: Int, cursor: ListCursor, focused: Bool, in r: Rect,
                            grid: inout Grid, empty: String,
                            row: (Int, Rect, Style, inout Grid) -> Void) {
        guard !r.isEmpty else { return }
        grid.line(title, in: r.row(0), style: Style(.chrome, bold: true, underline: !focused))
        let height = r.height - 1
        guard height > 0 else { return }
        let top = cursor.visibleTop(count: count, height: height)
        for i in 0..<height {
            let rr = Rect(x: r.x, y: r.y + 1 + i, width: r.width, height: 1)
            let index = top + i
            if index >= count {
                grid.fill(rr)
                if count == 0 && i == 0 { grid.line(" " + empty, in: rr, style: Style(.muted)) }
                continue
            }
            let isSelected = index == cursor.selected
            let style: Style = isSelected ? (focused ? Style(reverse: true) : Style(bold: true, underline: true)) : .plain
            grid.fill(rr, style: style)
            row(index, rr, style, &grid)
        }
    }
}
