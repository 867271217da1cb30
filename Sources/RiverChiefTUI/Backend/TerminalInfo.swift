import CNcursesw
import Foundation

/// Facts about the terminal the dashboard runs on, read before ncurses starts.
public enum TerminalInfo {
    /// The codeset of the current LC_CTYPE after `setlocale(LC_ALL, "")`; falls back to C.UTF-8
    /// when the inherited locale is not UTF-8 (see docs/architecture.md, "Locale").
    /// Returns the codeset finally in force.
    @discardableResult
    public static func adoptUTF8Locale() -> String {
        setlocale(LC_ALL, "")
        var codeset = String(cString: rc_codeset())
        if codeset.uppercased().replacingOccurrences(of: "-", with: "") != "UTF8" {
            setlocale(LC_CTYPE, "C.UTF-8")
            codeset = String(cString: rc_codeset())
        }
        return codeset
    }
}
