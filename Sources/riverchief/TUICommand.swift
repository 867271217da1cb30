import ArgumentParser
import Foundation
import RiverChiefCore
import RiverChiefStore
import RiverChiefTUI

/// `riverchief tui` (and `riverchief` alone): the interactive dashboard.
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the interactive dashboard (the default when no command is given on a terminal)."
    )

    @OptionGroup var library: LibraryOptions

    @OptionGroup var display: DashboardOptions

    @OptionGroup var state: StoreOptions

    func run() throws {
        // Refuse before loading anything: a pipe or a file gets a clear message, not escape codes.
        guard Dashboard.hasTerminal else {
            FileHandle.standardError.write(Data((Dashboard.notATerminal + "\n").utf8))
            throw ExitCode(2)
        }
        let path = try self.library.locate().path
        // The states are read on their own thread while the library loads.
        let store = Self.hooks(state.db)
        let states = store.preload()
        let loaded = try self.library.load()
        var options = display.options(libraryPath: path)
        options.drafts = DraftFile(path: StoreLocation.draftsPath())
        options.userSettings = UserSettingsFile(path: UserSettingsFile.standardPath())
        // The configuration's liaison unit for this account goes here when it is wired in
        // (`options.myUnit`); a unit chosen with U (the settings file) comes first.
        let status = Dashboard.run(library: loaded, options: options, store: store, preloaded: states)
        if status != 0 { throw ExitCode(status) }
    }
}

/// How the dashboard draws: `--lang`, `--ambiguous`, `--mouse`, `--no-color`.
struct DashboardOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Interface language: zh or en (default: from LC_ALL/LC_MESSAGES/LANG).", valueName: "zh|en"))
    var lang: String?

    @Option(name: .long, help: ArgumentHelp("Width of East Asian ambiguous characters (● “ ─): narrow, wide, or auto (ask the terminal).",
                                            valueName: "narrow|wide|auto"))
    var ambiguous: String = "auto"

    @Flag(name: .long, help: "Report the mouse (off by default: it stops the terminal selecting text). M toggles it.")
    var mouse = false

    @Flag(name: .long, help: "No colour (also when NO_COLOR is set); markers and attributes remain.")
    var noColor = false

    func validate() throws {
        if let l = lang, Lang(rawValue: l) == nil { throw ValidationError("--lang must be zh or en, not \(l)") }
        if Dashboard.AmbiguousChoice(rawValue: ambiguous) == nil {
            throw ValidationError("--ambiguous must be narrow, wide or auto, not \(ambiguous)")
        }
    }

    func options(libraryPath: String) -> Dashboard.Options {
        Dashboard.Options(lang: lang.flatMap(Lang.init(rawValue:)),
                          ambiguous: Dashboard.AmbiguousChoice(rawValue: ambiguous) ?? .auto,
                          mouse: mouse, noColor: noColor, libraryPath: libraryPath)
    }
}

extension TUICommand {
    /// The dashboard's link to the state store. A database that cannot be opened leaves the
    /// dashboard browsing the library, with a banner that says why; a read-only one, a banner
    /// that says so.
    static func hooks(_ db: String?) -> StoreHooks {
        do {
            return .connect(try Store.open(flag: db))
        } catch {
            return StoreHooks(access: .unavailable(reason: "\(error)"))
        }
    }
}
