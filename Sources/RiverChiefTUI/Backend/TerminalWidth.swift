import CNcursesw
import Foundation
import RiverChiefCore

/// Makes ncurses measure characters as the terminal draws them.
///
/// ncurses asks the C library's `wcwidth` how many cells each character takes, and glibc answers
/// 1 for every East Asian *ambiguous* character (“ ” … — · ① ℃). A client that draws them two
/// cells wide (Xshell, SecureCRT, PuTTY with CJK settings, xterm -cjk_width) then advances one
/// column more than ncurses believes after each one: the rest of the row shifts, cells go stale and
/// wide characters land in the last column (issue 10). The grid already measures them as two
/// cells when the terminal is wide; this is the other half. The program defines `wcwidth` itself;
/// the dynamic linker binds libncursesw's calls to the executable's definition before glibc's
/// (symbol interposition, as the wcwidth-cjk preload library does), so ncurses computes the width
/// the grid computed. Narrow terminals (the default) get glibc's answer unchanged.
///
/// `NcursesBackend` checks after `newterm` that ncurses really agrees (a pad, one “, where does
/// the cursor end up) and, if it does not (a libc or ncurses that binds `wcwidth` directly), draws
/// each ambiguous character as an ASCII stand-in plus a space, which every terminal draws in two
/// cells.
public enum TerminalWidth {
    /// How wide the terminal draws ambiguous characters; set before ncurses starts.
    public static var ambiguous: AmbiguousWidth {
        get { ambiguousWide ? .wide : .narrow }
        set { ambiguousWide = newValue == .wide }
    }

    /// ASCII stand-ins for ambiguous characters, used only when ncurses cannot be made to agree.
    static func standIn(_ scalar: Unicode.Scalar) -> Character {
        switch scalar.value {
        case 0x201C, 0x201D, 0x201E: return "\""
        case 0x2018, 0x2019: return "'"
        case 0x2026, 0x2025, 0x00B7, 0x2027: return "."
        case 0x2013, 0x2014, 0x2015, 0x2500...0x257F: return "-"
        case 0x00D7: return "x"
        default: return "?"
        }
    }
}

nonisolated(unsafe) private var ambiguousWide = false
nonisolated(unsafe) private var libcWcwidth: (@convention(c) (wchar_t) -> Int32)? = {
    // RTLD_NEXT: the definition after this executable's, glibc's.
    guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: -1), "wcwidth") else { return nil }
    return unsafeBitCast(sym, to: (@convention(c) (wchar_t) -> Int32).self)
}()

/// The `wcwidth` ncurses calls (see `TerminalWidth`).
@_cdecl("wcwidth")
public func riverchiefWcwidth(_ c: wchar_t) -> Int32 {
    let libc = libcWcwidth?(c) ?? (c >= 0x20 && c < 0x7F ? 1 : -1)
    guard ambiguousWide, libc == 1, let scalar = Unicode.Scalar(UInt32(bitPattern: c)),
          DisplayWidth.isAmbiguous(scalar) else { return libc }
    return 2
}
