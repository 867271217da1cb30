import RiverChiefCore

/// How the dashboard is drawn on this terminal: chosen at start-up, changed by no key except mouse.
public struct Settings: Sendable, Equatable {
    public var lang: Lang
    public var ambiguous: AmbiguousWidth
    /// ASCII chrome (vt100, the linux console, or ambiguous characters drawn wide).
    public var asciiChrome: Bool
    public var color: Bool
    public var mouse: Bool
    /// Who is using the dashboard (the account name).
    public var user: String
    /// The library folder, for the header.
    public var libraryPath: String
    /// The office's rules for lights and reporting periods (the configuration's `[reports]`).
    public var reportRules: ReportRules

    public init(lang: Lang = .en, ambiguous: AmbiguousWidth = .narrow, asciiChrome: Bool = false, color: Bool = true,
                mouse: Bool = false, user: String = "", libraryPath: String = "", reportRules: ReportRules = .standard) {
        self.reportRules = reportRules
        self.lang = lang
        self.ambiguous = ambiguous
        self.asciiChrome = asciiChrome || ambiguous == .wide
        self.color = color
        self.mouse = mouse
        self.user = user
        self.libraryPath = libraryPath
    }

    public var glyphs: Glyphs { asciiChrome ? .ascii : .unicode }

    /// Shorthand for `lang.pick`.
    public func t(_ zh: String, _ en: String) -> String { lang.pick(zh, en) }

    /// A count with its noun: "1 个结果" / "1 match", "3 个结果" / "3 matches" (`zh` is the measure
    /// word and noun; English takes `one` or `many`).
    public func count(_ n: Int, zh: String, one: String, many: String) -> String {
        t("\(n) \(zh)", "\(n) \(n == 1 ? one : many)")
    }
}

/// The characters chrome is drawn with. Unicode box drawing and blocks are East Asian *ambiguous*:
/// where a terminal draws them two cells wide (or cannot draw them), the ASCII set keeps the frame.
public struct Glyphs: Sendable, Equatable {
    public var vertical: Character
    public var horizontal: Character
    public var ellipsis: String
    public var barFull: Character
    public var barEmpty: Character
    public var expanded: String
    public var collapsed: String
    public var leaf: String

    public static let unicode = Glyphs(vertical: "│", horizontal: "─", ellipsis: "…", barFull: "█", barEmpty: "░",
                                       expanded: "▾", collapsed: "▸", leaf: " ")
    public static let ascii = Glyphs(vertical: "|", horizontal: "-", ellipsis: "~", barFull: "#", barEmpty: ".",
                                     expanded: "-", collapsed: "+", leaf: " ")
}
