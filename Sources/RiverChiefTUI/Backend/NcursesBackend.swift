import CNcursesw
import Foundation
import RiverChiefCore

/// The real terminal, through ncursesw. Started with `newterm` (not `initscr`, which exits the
/// process on an unknown TERM), in raw mode (Ctrl-C arrives as a key), keypad on, ESC reported after
/// 25 ms, no mouse unless asked. Receives only changed cells; ncurses then sends the minimal bytes.
public final class NcursesBackend: Backend {
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let color: Bool
    private var ended = false
    /// Whether ambiguous characters go out as ASCII stand-ins (ncurses could not be made to
    /// measure them as two cells on a wide terminal; see `TerminalWidth`).
    private let standIns: Bool
    /// The descriptor ncurses reads keys from (standard input).
    private let inputFD: Int32 = 0
    /// The TERM ncurses runs with (after any fallback).
    public let term: String

    /// Why the terminal could not be opened.
    public struct OpenError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Opens the terminal named by `term`; when it has no terminfo entry, tries `xterm-256color`
    /// then `vt100` and reports the fallback in `notes`.
    public init(term requested: String?, color wantColor: Bool, ambiguous: AmbiguousWidth = .narrow,
                notes: inout [String]) throws {
        // Before ncurses measures anything: it must count ambiguous characters as the terminal does.
        TerminalWidth.ambiguous = ambiguous
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
        standIns = ambiguous == .wide && !Self.ncursesMeasuresWide()
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

    /// Does ncurses now count “ as two cells? (Written into a scratch pad, never shown.)
    private static func ncursesMeasuresWide() -> Bool {
        guard let pad = newpad(1, 8) else { return false }
        defer { delwin(pad) }
        let chars: [wchar_t] = [0x201C, 0]
        guard rc_put_cell(pad, 0, 0, chars, rc_A_NORMAL(), 0) == OK else { return false }
        return rc_curx(pad) == 2
    }

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
            if standIns, let u = c.cell.char.unicodeScalars.first, DisplayWidth.isAmbiguous(u) {
                let a = attributes(c.cell.style), p = pair(c.cell.style)
                chars[0] = wchar_t(bitPattern: TerminalWidth.standIn(u).unicodeScalars.first?.value ?? 0x3F)
                chars[1] = 0
                _ = rc_put_cell(window, Int32(c.y), Int32(c.x), chars, a, p)
                chars[0] = 0x20
                _ = rc_put_cell(window, Int32(c.y), Int32(c.x + 1), chars, a, p)
                continue
            }
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

    /// Reads the next event. Bytes, not wide characters: `wgetch` hands over one byte at a time
    /// (keypad sequences still arrive as key codes) and `UTF8Assembler` puts characters together,
    /// so a character split across two reads by the network waits for its rest however long the
    /// gap (`wget_wch` dropped it and the rest of the write). A read that finds the terminal gone
    /// sets `inputClosed`.
    public func read(timeoutMilliseconds: Int) -> InputEvent? {
        if !decoded.isEmpty { return decoded.removeFirst() }
        guard !inputClosed else { return nil }
        let start = DispatchTime.now().uptimeNanoseconds
        var wait = timeoutMilliseconds
        while true {
            wtimeout(window, Int32(wait))
            let c = wgetch(window)
            if c == ERR {
                noteEmptyRead(asked: timeoutMilliseconds, since: start)
                return nil
            }
            earlyEmptyReads = 0
            if c >= KEY_MIN {
                // A key code ends any character in progress (it cannot continue one).
                decoded += utf8.flush().compactMap { Key.fromCharacterCode($0).map(InputEvent.key) }
                if let e = functionKey(c) { decoded.append(e) }
            } else {
                decoded += utf8.feed(UInt8(truncatingIfNeeded: c)).compactMap { Key.fromCharacterCode($0).map(InputEvent.key) }
            }
            if !decoded.isEmpty { return decoded.removeFirst() }
            // Half a character: wait for the rest within what is left of this read's time.
            let spent = Int((DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
            wait = max(0, timeoutMilliseconds - spent)
            if wait == 0 && timeoutMilliseconds > 0 { return nil }
        }
    }

    /// Events decoded but not handed out yet (a broken sequence gives U+FFFD and the next key).
    private var decoded: [InputEvent] = []
    private var utf8 = UTF8Assembler()
    /// Reads in a row that came back empty long before their timeout (a dead terminal's `read`
    /// returns 0 at once, and ncurses reports ERR as if it had timed out).
    private var earlyEmptyReads = 0
    public private(set) var inputClosed = false

    /// After `wgetch` gave nothing: is the terminal still there? A hang-up or an error shows in
    /// `poll`'s revents (POLLHUP, POLLERR, POLLNVAL); end of input without either shows as reads
    /// that return empty at once, again and again.
    private func noteEmptyRead(asked: Int, since start: UInt64) {
        var pfd = pollfd(fd: inputFD, events: Int16(POLLIN), revents: 0)
        if poll(&pfd, 1, 0) > 0, pfd.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 {
            inputClosed = true
            return
        }
        guard asked >= 20 else { return }
        let spent = Int((DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
        if spent * 4 < asked {
            earlyEmptyReads += 1
            if earlyEmptyReads >= 20 { inputClosed = true }
        } else {
            earlyEmptyReads = 0
        }
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
