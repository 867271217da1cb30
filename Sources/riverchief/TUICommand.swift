import ArgumentParser
import Foundation
import RiverChiefConfig
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
        let config = try AppConfig.load()
        let path = try self.library.locate().path
        var options = try display.options(libraryPath: path, config: config)
        // The environment as read once at start (building it again costs as much as the configuration).
        let env = AppConfig.environment
        options.drafts = DraftFile(path: StoreLocation.draftsPath(environment: env))
        options.userSettings = UserSettingsFile(path: UserSettingsFile.standardPath(environment: env))
        options.reportRules = ReportRuleSource.rules(config.reports)
        // An installed setgid binary opens the store on the main thread with nothing else running:
        // it opens it with its group, which must not be the group of anything read meanwhile.
        let connect: Dashboard.Connect
        let library = self.library, db = state.db
        if SharedStore.rolesApply(flag: db, config: config) {
            // The roles need the library before the store opens (a liaison's tasks come from it).
            connect = { loaded in
                let store = Self.hooks(db, data: library.data, library: loaded)
                return (store, store.preload())
            }
        } else if !Privilege.isElevated {
            // No group privilege to guard: the store opens on its own thread (and its states are
            // read on another) while the library loads and the terminal is set up.
            connect = Dashboard.connectMeanwhile { Self.hooks(db, data: library.data, library: nil) }
        } else {
            // The states are read on their own thread while the library loads.
            let store = Self.hooks(db, data: library.data, library: nil)
            let states = store.preload()
            connect = { _ in (store, states) }
        }
        // A liaison opens on their unit's tasks ([[roles.liaison]]) unless they chose a unit with U.
        let status: Int32
        let meetings = library.meetings()
        if meetings != nil || library.cacheIsUsable() {
            // A usable cache: the library loads while the terminal is set up, and a large one's
            // first screen is drawn from its speeches' meetings meanwhile.
            status = try Dashboard.run(loading: { try library.load() }, connect: connect, preview: meetings, options: options,
                                       environment: env)
        } else {
            // Read from the model files: their errors and warnings are printed before the terminal is touched.
            let loaded = try library.load()
            let (store, states) = connect(loaded)
            status = Dashboard.run(library: loaded, options: options, store: store, preloaded: states, environment: env)
        }
        if status != 0 { throw ExitCode(status) }
    }
}

/// How the dashboard draws: `--lang`, `--ambiguous`, `--mouse`, `--no-color`.
struct DashboardOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Interface language: zh or en (default: $RIVERCHIEF_LANG, else [display] lang of config.toml, else from LC_ALL/LC_MESSAGES/LANG).", valueName: "zh|en"))
    var lang: String?

    @Option(name: .long, help: ArgumentHelp("Width of East Asian ambiguous characters (● “ ─): narrow, wide, or auto (ask the terminal; the default, unless $RIVERCHIEF_AMBIGUOUS or config.toml says otherwise).",
                                            valueName: "narrow|wide|auto"))
    var ambiguous: String?

    @Flag(name: .long, help: "Report the mouse (off by default: it stops the terminal selecting text). M toggles it.")
    var mouse = false

    @Flag(name: .long, help: "No colour (also when NO_COLOR is set); markers and attributes remain.")
    var noColor = false

    func validate() throws {
        if let l = lang, Lang(rawValue: l) == nil { throw ValidationError("--lang must be zh or en, not \(l)") }
        if let a = ambiguous, Dashboard.AmbiguousChoice(rawValue: a) == nil {
            throw ValidationError("--ambiguous must be narrow, wide or auto, not \(a)")
        }
    }

    /// The options, each from its flag, else RIVERCHIEF_LANG / RIVERCHIEF_AMBIGUOUS, else the
    /// user's then the system's config.toml (a language left unset follows LC_ALL/LC_MESSAGES/LANG).
    func options(libraryPath: String, config: Configuration) throws -> Dashboard.Options {
        let env = AppConfig.environment
        let langWord = config.lang(flag: lang, environment: env)
        let ambiguousWord = config.ambiguous(flag: ambiguous, environment: env)
        guard langWord.map({ Lang(rawValue: $0) != nil }) ?? true else {
            throw Console.failWith(2, "RIVERCHIEF_LANG must be zh or en, not \(langWord ?? "")")
        }
        guard ambiguousWord.map({ Dashboard.AmbiguousChoice(rawValue: $0) != nil }) ?? true else {
            throw Console.failWith(2, "RIVERCHIEF_AMBIGUOUS must be narrow, wide or auto, not \(ambiguousWord ?? "")")
        }
        return Dashboard.Options(lang: langWord.flatMap(Lang.init(rawValue:)),
                                 ambiguous: ambiguousWord.flatMap(Dashboard.AmbiguousChoice.init(rawValue:)) ?? .auto,
                                 mouse: mouse, noColor: noColor, libraryPath: libraryPath)
    }
}

extension TUICommand {
    /// The dashboard's link to the state store. A database that cannot be opened leaves the
    /// dashboard browsing the library, with a banner that says why; a read-only one, a banner
    /// that says so. With roles, the hooks carry what this person may change.
    static func hooks(_ db: String?, data: String?, library: Library?) -> StoreHooks {
        do {
            let opened = try SharedStore.open(flag: db, data: data, library: library)
            var hooks = StoreHooks.connect(opened.store)
            if let a = opened.authority {
                let refusal = a.refusal
                hooks.rights = EditRights(role: a.label.zh, roleEnglish: a.label.en, changeable: a.changeableIDs(),
                                          explain: { id in refusal(id).map { ($0.zh, $0.en) } })
                hooks.rights?.myUnit = a.myUnit
            }
            return hooks
        } catch let r as SharedStore.Refusal {
            return StoreHooks(access: .unavailable(reason: r.message))
        } catch {
            return StoreHooks(access: .unavailable(reason: "\(error)"))
        }
    }
}
