import RiverChiefCore

/// An editable line of text for forms (progress, deadline, a progress report). Chinese first:
/// - the cursor sits between characters (grapheme clusters): ← → move one character, whatever its
///   width, and Backspace removes the whole character before the cursor, never a byte or half of it;
/// - what an input method commits or a paste delivers arrives as many characters at once and is
///   inserted as one string (a combining mark joins the character before it);
/// - control characters are never stored: a tab becomes a space, a line break a space (or, in a
///   `multiline` field, a line break), anything else from C0/C1 is dropped;
/// - `layout(width:)` wraps by display cells for drawing and says where the terminal cursor goes,
///   so an input method's candidate window opens at the insertion point.
public struct TextField: Equatable, Sendable {
    /// The text, always free of control characters.
    public private(set) var text: String
    /// The cursor, in characters from the start (0…count).
    public private(set) var cursor: Int
    /// The most characters the field takes (nil: no limit).
    public let limit: Int?
    /// The whole text is selected, as a prefilled value is: typing replaces it, Backspace clears
    /// it, any cursor movement keeps it.
    public private(set) var allSelected: Bool
    /// Whether the text may hold line breaks (a progress report's parts).
    public let multiline: Bool

    public init(_ text: String = "", limit: Int? = nil, selected: Bool = false, multiline: Bool = false) {
        let clean = TextField.clean(text, keepingNewlines: multiline)
        let capped = limit.map { String(clean.prefix($0)) } ?? clean
        self.text = capped
        self.limit = limit
        self.multiline = multiline
        cursor = capped.count
        allSelected = selected && !capped.isEmpty
    }

    /// Ends a whole-text selection; with `clearing`, the selected text goes.
    private mutating func dropSelection(clearing: Bool) {
        guard allSelected else { return }
        allSelected = false
        if clearing {
            text = ""
            cursor = 0
        }
    }

    /// Inserts `s` at the cursor (cleaned, and cut at the limit); the cursor moves past it.
    /// Returns how many characters the limit cut off (0 when all of it went in).
    @discardableResult
    public mutating func insert(_ s: String) -> Int {
        dropSelection(clearing: true)
        var add = TextField.clean(s, keepingNewlines: multiline)
        var cut = 0
        if let limit {
            let room = max(0, limit - text.count)
            if add.count > room {
                cut = add.count - room
                add = String(add.prefix(room))
            }
        }
        guard !add.isEmpty else { return cut }
        let chars = Array(text)
        let head = String(chars[0..<cursor])
        let joined = head + add
        text = joined + String(chars[cursor...])
        // Counted on the joined string: a combining mark merges with the character before it.
        cursor = joined.count
        return cut
    }

    /// Removes the character before the cursor (Backspace).
    public mutating func deleteBackward() {
        if allSelected { return dropSelection(clearing: true) }
        guard cursor > 0 else { return }
        var chars = Array(text)
        chars.remove(at: cursor - 1)
        text = String(chars)
        cursor -= 1
    }

    /// Removes the character at the cursor (Delete).
    public mutating func deleteForward() {
        if allSelected { return dropSelection(clearing: true) }
        var chars = Array(text)
        guard cursor < chars.count else { return }
        chars.remove(at: cursor)
        text = String(chars)
    }

    /// Removes everything before the cursor (Ctrl-U).
    public mutating func deleteToStart() {
        dropSelection(clearing: false)
        text = String(text.dropFirst(cursor))
        cursor = 0
    }

    public mutating func moveLeft() { dropSelection(clearing: false); cursor = max(0, cursor - 1) }
    public mutating func moveRight() { dropSelection(clearing: false); cursor = min(text.count, cursor + 1) }
    public mutating func moveToStart() { dropSelection(clearing: false); cursor = 0 }
    public mutating func moveToEnd() { dropSelection(clearing: false); cursor = text.count }

    /// The rows the text is drawn in at `width` cells, as character ranges (a line break ends a
    /// row and belongs to none). Rows wrap by display width, a wide character that does not fit
    /// moves down whole, and no row starts with closing punctuation (`TextLayout.kinsokuBreak`,
    /// the detail pane's rule). An empty text is one empty row.
    public func rows(width: Int, ambiguous: AmbiguousWidth = .narrow) -> [Range<Int>] {
        let w = max(2, width)
        let chars = Array(text)
        var out: [Range<Int>] = []
        var start = 0
        while true {
            var end = start, used = 0
            while end < chars.count, chars[end] != "\n" {
                let cw = DisplayWidth.of(chars[end], ambiguous: ambiguous)
                if used + cw > w { break }
                used += cw
                end += 1
            }
            if end < chars.count, chars[end] != "\n" {
                if end == start { end = start + 1 }
                end = TextLayout.kinsokuBreak(chars, start: start, end: end)
                out.append(start..<end)
                start = end
            } else {
                out.append(start..<end)
                guard end < chars.count else { break }
                start = end + 1 // past the line break
            }
        }
        return out
    }

    /// The row holding the cursor: at the end of a row that wraps, the next row.
    func cursorRow(in rows: [Range<Int>]) -> Int {
        for (r, range) in rows.enumerated() {
            if cursor < range.upperBound { return r }
            if cursor == range.upperBound {
                // A soft wrap: the next row starts right here.
                if r + 1 < rows.count, rows[r + 1].lowerBound == cursor { return r + 1 }
                return r
            }
        }
        return rows.count - 1
    }

    /// The text as it is drawn: its rows at `width` cells (`rows(width:)`), and the cursor's row and
    /// column in cells. The cursor after a row that is exactly full goes to the next row.
    public func layout(width: Int, ambiguous: AmbiguousWidth = .narrow) -> (rows: [String], cursorRow: Int, cursorColumn: Int) {
        let chars = Array(text)
        var ranges = rows(width: width, ambiguous: ambiguous)
        var r = cursorRow(in: ranges)
        var column = DisplayWidth.of(String(chars[ranges[r].lowerBound..<cursor]), ambiguous: ambiguous)
        if column >= max(2, width) {
            // At the end of a full last row: the cursor waits on a new row below.
            ranges.append(cursor..<cursor)
            r += 1
            column = 0
        }
        return (ranges.map { String(chars[$0]) }, r, column)
    }

    /// Moves the cursor one row up (`up`) or down, to the character nearest its column; false when
    /// it is on the first (last) row already.
    public mutating func moveVertically(up: Bool, width: Int, ambiguous: AmbiguousWidth = .narrow) -> Bool {
        let ranges = rows(width: width, ambiguous: ambiguous)
        let r = cursorRow(in: ranges)
        let target = up ? r - 1 : r + 1
        guard ranges.indices.contains(target) else { return false }
        dropSelection(clearing: false)
        let chars = Array(text)
        let column = DisplayWidth.of(String(chars[ranges[r].lowerBound..<cursor]), ambiguous: ambiguous)
        var used = 0, k = ranges[target].lowerBound
        while k < ranges[target].upperBound {
            let cw = DisplayWidth.of(chars[k], ambiguous: ambiguous)
            if used + cw > column { break }
            used += cw
            k += 1
        }
        cursor = k
        return true
    }

    /// Moves the cursor to the start (or end) of its row.
    public mutating func moveToRowEdge(end: Bool, width: Int, ambiguous: AmbiguousWidth = .narrow) {
        dropSelection(clearing: false)
        let ranges = rows(width: width, ambiguous: ambiguous)
        let range = ranges[cursorRow(in: ranges)]
        // The end of a soft-wrapped row is the next row's start: stop before its last character.
        let wrapsOn = range.upperBound < text.count && Array(text)[range.upperBound] != "\n"
        cursor = end ? (wrapsOn ? max(range.lowerBound, range.upperBound - 1) : range.upperBound) : range.lowerBound
    }

    /// Inserts a line break at the cursor (a multiline field only; false otherwise).
    public mutating func insertNewline() -> Bool {
        guard multiline else { return false }
        return insert("\n") == 0
    }

    /// `s` without control characters: tab, CR and LF become a space (a CR LF pair one space; with
    /// `keepingNewlines` CR, LF and CR LF become one line break),
    /// every other C0/C1 control, DEL and the bidi controls are dropped.
    public static func clean(_ s: String, keepingNewlines: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        var lastWasCR = false
        for u in s.unicodeScalars {
            defer { lastWasCR = u == "\r" }
            switch u.value {
            case 0x0A where lastWasCR: continue
            case 0x0A where keepingNewlines: out.append("\n")
            case 0x0D where keepingNewlines: out.append("\n")
            case 0x09, 0x0A, 0x0D: out.append(" ")
            case 0x00...0x1F, 0x7F...0x9F: continue
            default:
                if Sanitize.needsEscape(u) { continue }
                out.append(u)
            }
        }
        return String(out)
    }
}
