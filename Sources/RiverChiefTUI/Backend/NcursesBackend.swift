import CNcursesw
import Foundation

/// The real terminal, through ncursesw. Started with `newterm` (not `initscr`, which exits the
/// process on an unknown TERM), in raw mode (Ctrl-C arrives as a key), keypad on, ESC reported after
/// 25 ms, no mouse unless asked. Receives only changed cells; ncurses then sends the minimal bytes.
public final class NcursesBackend: Backend {
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let color: Bool
    private var ended = false
    /// The TERM ncurses runs with (after any fallback).
    public let term: String

    /// Why the terminal could not be opened.
    public struct OpenError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Opens the terminal named by `term`; when it has no terminfo entry, tries `xterm-256color`
    /// then `vt100` and reports the fallback in `notes`.
    public init(term requested: String?, color wantColor: Bool, notes: inout [String]) throws {
        var candidates: [String] = []
        if let t = requested, !t.isEmpty { candidates.append(t) }
        for f in ["xterm-256color", "vt100"] where !candidates.contains(f) { candidates.append(f) }
        var opened: (OpaquePointer, String)?
        for t in candidates {
            if let s = newterm(t, rc_stdout(), rc_stdin()) {
                opened = (s, t)
                break
            }
        }
        guard let (scr, t) = opened else {
            throw OpenError(description: "cannot open the terminal: no terminfo entry for TERM=\(requested ?? "(unset)"), xterm-256color or vt100")
        }
        if let r = requested, r != t {
            notes.append("TERM=\(r.isEmpty ? "(unset)" : r) is unknown here; using \(t)")
        }
        screen = scr
        term = t
        set_term(scr)
        guard let w = rc_stdscr() else {
            endwin()
            delscreen(scr)
            throw OpenError(description: "cannot open the terminal: ncurses gave no screen")
        }
        window = w
        raw()
        noecho()
        nonl()
        keypad(w, true)
        _ = rc_ESCDELAY_set(25)
        curs_set(0)
        leaveok(w, true)
        color = wantColor && has_colors() && start_color() == OK
        if color {
            use_default_colors()
            for tone in Tone.allCases {
                let fg: Int16
                switch tone {
                case .normal, .muted: fg = -1
                case .accent, .chrome: fg = Int16(COLOR_CYAN)
                case .good: fg = Int16(COLOR_GREEN)
                case .warn, .match: fg = Int16(COLOR_YELLOW)
                case .bad: fg = Int16(COLOR_RED)
                case .blocked: fg = Int16(COLOR_MAGENTA)
                }
                init_pair(Int16(tone.rawValue) + 1, fg, -1)
            }
        }
    }

    deinit { end() }

    /// Restores the terminal (idempotent; every exit path calls it).
    public func end() {
        guard !ended else { return }
        ended = true
        mousemask(0, nil)
        endwin()
        delscreen(screen)
    }

    public var size: Size { Size(width: Int(rc_cols(window)), height: Int(rc_lines(window))) }

    public func draw(_ changes: [CellChange], full: Bool) {
        if full {
            werase(window)
            clearok(window, true)
        }
        var chars = [wchar_t](repeating: 0, count: 6)
        for c in changes where !c.cell.isContinuation {
            var n = 0
            for u in c.cell.char.unicodeScalars where n < 5 {
                chars[n] = wchar_t(bitPattern: u.value)
                n += 1
            }
            chars[n] = 0
            _ = rc_put_cell(window, Int32(c.y), Int32(c.x), chars, attributes(c.cell.style), pair(c.cell.style))
        }
    }

    private func attributes(_ s: Style) -> attr_t {
        var a = rc_A_NORMAL()
        if s.bold { a |= rc_A_BOLD() }
        if s.reverse { a |= rc_A_REVERSE() }
        if s.underline { a |= rc_A_UNDERLINE() }
        if color && s.tone == .muted { a |= rc_A_DIM() }
        return a
    }

    private func pair(_ s: Style) -> Int16 {
        guard color, s.tone != .normal, s.tone != .muted else { return 0 }
        return Int16(s.tone.rawValue) + 1
    }

    public func flush() {
        wnoutrefresh(window)
        doupdate()
    }

    public func read(timeoutMilliseconds: Int) -> InputEvent? {
        wtimeout(window, Int32(timeoutMilliseconds))
        var wch: wint_t = 0
        let r = wget_wch(window, &wch)
        if r == KEY_CODE_YES {
            return functionKey(Int32(wch))
        }
        guard r == OK else { return nil }
        return Key.fromCharacterCode(UInt32(wch)).map { .key($0) }
    }

    private func functionKey(_ k: Int32) -> InputEvent? {
        switch k {
        case KEY_UP: return .key(.up)
        case KEY_DOWN: return .key(.down)
        case KEY_LEFT: return .key(.left)
        case KEY_RIGHT: return .key(.right)
        case KEY_PPAGE: return .key(.pageUp)
        case KEY_NPAGE: return .key(.pageDown)
        case KEY_HOME, KEY_A1: return .key(.home)
        case KEY_END, KEY_C1: return .key(.end)
        case KEY_ENTER: return .key(.enter)
        case KEY_BACKSPACE: return .key(.backspace)
        case KEY_DC: return .key(.delete)
        case KEY_BTAB: return .key(.backTab)
        case KEY_RESIZE: return .resize(size)
        case KEY_MOUSE:
            var ev = MEVENT()
            guard getmouse(&ev) == OK else { return nil }
            let kind: MouseEvent.Kind
            if ev.bstate & rc_BUTTON4_PRESSED() != 0 { kind = .wheelUp }
            else if ev.bstate & rc_BUTTON5_PRESSED() != 0 { kind = .wheelDown }
            else if ev.bstate & rc_BUTTON1_PRESSED() != 0 { kind = .press }
            else { return nil }
            return .mouse(MouseEvent(kind: kind, x: Int(ev.x), y: Int(ev.y)))
        default:
            for n in 1...12 where k == rc_KEY_F(Int32(n)) { return .key(.function(n)) }
            return nil
        }
    }

    public func setMouse(_ on: Bool) {
        mousemask(on ? rc_mouse_mask_clicks() : 0, nil)
        if on { mouseinterval(0) }
    }

    public func setCursor(_ at: Point?) {
        if let p = at {
            leaveok(window, false)
            wmove(window, Int32(p.y), Int32(p.x))
            curs_set(1)
        } else {
            curs_set(0)
            leaveok(window, true)
        }
    }
}
