import CNcursesw
import Foundation
import RiverChiefCore

/// Facts about the terminal the dashboard runs on, read before ncurses starts.
public enum TerminalInfo {
    /// The codeset of the current LC_CTYPE after `setlocale(LC_ALL, "")`; falls back to C.UTF-8
    /// when the inherited locale is not UTF-8 (see docs/architecture.md, "Locale").
    /// Returns the codeset finally in force.
    @discardableResult
    public static func adoptUTF8Locale() -> String {
        setlocale(LC_ALL, "")
        var codeset = String(cString: rc_codeset())
        if !isUTF8(codeset) {
            setlocale(LC_CTYPE, "C.UTF-8")
            codeset = String(cString: rc_codeset())
        }
        return codeset
    }

    /// Whether a codeset's name says UTF-8 (UTF-8, utf8, UTF8…), compared by its bytes: Foundation's
    /// replacing cost the start more than the rest of the locale's set-up.
    static func isUTF8(_ codeset: String) -> Bool {
        codeset.utf8.lazy.filter { $0 != UInt8(ascii: "-") }.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }
            .elementsEqual("UTF8".utf8)
    }

    /// What the terminfo entry for `term` says about moving the cursor.
    public enum Addressing: Equatable {
        case yes
        /// The entry exists but has no cursor addressing (`cup`): TERM=dumb, a printing terminal.
        case no
        /// No entry for it here (the backend falls back to a known one).
        case unknownTerm
    }

    /// Reads the terminfo entry for `term`, without starting ncurses or writing anything.
    public static func addressing(_ term: String) -> Addressing {
        switch term.withCString({ rc_term_can_address($0) }) {
        case 1: return .yes
        case 0: return .no
        default: return .unknownTerm
        }
    }

    /// The message for a terminal that cannot move its cursor: the dashboard redraws cells in
    /// place, and without cursor addressing its frame would stream out as wrapped text.
    public static func cannotAddressMessage(_ term: String) -> String {
        "riverchief: TERM=\(Sanitize.line(term)) cannot move the cursor, which the dashboard needs; "
            + "set TERM to your terminal (for example xterm-256color or vt100), or use \"riverchief list\""
    }
}
