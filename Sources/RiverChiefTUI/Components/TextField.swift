import RiverChiefCore

/// An editable line of text for forms (progress, deadline, a progress report). Chinese first:
/// - the cursor sits between characters (grapheme clusters): ← → move one character, whatever its
///   width, and Backspace removes the whole character before the cursor, never a byte or half of it;
/// - what an input method commits or a paste delivers arrives as many characters at once and is
///   inserted as one string (a combining mark joins the character before it);
/// - control characters are never stored: a tab or a pasted line break becomes a space, anything
///   else from C0/C1 is dropped;
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

    public init(_ text: String = "", limit: Int? = nil, selected: Bool = false) {
        let clean = TextField.clean(text)
        let capped = limit.map { String(clean.prefix($0)) } ?? clean
        self.text = capped
        self.limit = limit
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
    public mutating func insert(_ s: String) {
        dropSelection(clearing: true)
        var add = TextField.clean(s)
        if let limit { add = String(add.prefix(max(0, limit - text.count))) }
        guard !add.isEmpty else { return }
        let chars = Array(text)
        let head = String(chars[0..<cursor])
        let joined = head + add
        text = joined + String(chars[cursor...])
        // Counted on the joined string: a combining mark merges with the character before it.
        cursor = joined.count
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

    /// The text as it is drawn: wrapped into rows of at most `width` cells (a wide character that
    /// does not fit moves to the next row whole), and the cursor's row and column in cells. An
    /// empty field is one empty row. The cursor after a row that is exactly full goes to the next row.
    public func layout(width: Int, ambiguous: AmbiguousWidth = .narrow) -> (rows: [String], cursorRow: Int, cursorColumn: Int) {
        let w = max(2, width)
        var rows: [String] = [""]
        var used = 0
        var cursorRow = 0, cursorColumn = 0
        for (i, c) in text.enumerated() {
            let cw = DisplayWidth.of(c, ambiguous: ambiguous)
            if used + cw > w {
                rows.append("")
                used = 0
            }
            if i == cursor {
                cursorRow = rows.count - 1
                cursorColumn = used
            }
            rows[rows.count - 1].append(c)
            used += cw
        }
        if cursor >= text.count {
            if used >= w {
                rows.append("")
                used = 0
            }
            cursorRow = rows.count - 1
            cursorColumn = used
        }
        return (rows, cursorRow, cursorColumn)
    }

    /// `s` without control characters: tab, CR and LF become a space (a CR LF pair one space),
    /// every other C0/C1 control, DEL and the bidi controls are dropped.
    public static func clean(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var lastWasCR = false
        for u in s.unicodeScalars {
            defer { lastWasCR = u == "\r" }
            switch u.value {
            case 0x0A where lastWasCR: continue
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
