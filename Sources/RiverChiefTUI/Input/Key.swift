/// A key press, after the backend has decoded it. Characters (Chinese from an input method
/// included) arrive as `.char`, one per character, however they were sent.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    case char(Character)
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, tab, backTab, backspace, delete, escape
    /// Ctrl plus a letter (`.ctrl("c")`).
    case ctrl(Character)
    case function(Int)

    public var description: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "Enter"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Delete"
        case .escape: return "Esc"
        case .ctrl(let c): return "Ctrl-" + String(c).uppercased()
        case .function(let n): return "F\(n)"
        }
    }

    /// The key as plain ASCII, for chrome that must hold under any ambiguous-width setting.
    public var asciiName: String {
        switch self {
        case .up: return "Up"
        case .down: return "Down"
        case .left: return "Left"
        case .right: return "Right"
        default: return description
        }
    }

    /// Decodes a character code as a terminal sends it in raw mode: control codes become
    /// Enter/Tab/Backspace/Esc/Ctrl keys, everything else a character. Nil for an invalid scalar.
    public static func fromCharacterCode(_ code: UInt32) -> Key? {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26:
            guard let s = Unicode.Scalar(code + 0x60) else { return nil }
            return .ctrl(Character(s))
        case 0, 28...31: return nil
        default:
            guard let s = Unicode.Scalar(code) else { return nil }
            return .char(Character(s))
        }
    }
}

/// A mouse event (only when the mouse is switched on).
public struct MouseEvent: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case press, wheelUp, wheelDown }
    public var kind: Kind
    public var x: Int
    public var y: Int
    public init(kind: Kind, x: Int, y: Int) {
        self.kind = kind
        self.x = x
        self.y = y
    }
}

/// What the backend reads from the terminal.
public enum InputEvent: Equatable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case resize(Size)
}
