import Foundation
import RiverChiefCore
import RiverChiefStore

/// Opening the dashboard on the real terminal: everything from the locale to restoring the screen.
public enum Dashboard {
    /// `--ambiguous`.
    public enum AmbiguousChoice: String, Sendable, CaseIterable {
        case auto, narrow, wide
    }

    /// What the command line chose.
    public struct Options: Sendable {
        public var lang: Lang?
        public var ambiguous: AmbiguousChoice
        public var mouse: Bool
        public var noColor: Bool
        public var libraryPath: String
        /// Where unsaved progress reports are kept between sessions (nil: not kept).
        public var drafts: DraftFile?
        /// This person's own settings (my unit, what they have seen), nil: not kept.
        public var userSettings: UserSettingsFile?
        /// The unit the dashboard opens on when the person has not chosen one (`U`): the
        /// configuration's `[[roles.liaison]]` unit for this account, an id or a name.
        public var myUnit: String?
        /// The office's rules for lights and reporting periods (the configuration's `[reports]`).
        public var reportRules: ReportRules = .standard

        public init(lang: Lang? = nil, ambiguous: AmbiguousChoice = .auto, mouse: Bool = false, noColor: Bool = false,
                    libraryPath: String = "", drafts: DraftFile? = nil, userSettings: UserSettingsFile? = nil, myUnit: String? = nil) {
            self.userSettings = userSettings
            self.myUnit = myUnit
            self.lang = lang
            self.ambiguous = ambiguous
            self.mouse = mouse
            self.noColor = noColor
            self.libraryPath = libraryPath
            self.drafts = drafts
        }
    }

    /// The message when standard output is not a terminal.
    public static let notATerminal = "riverchief: standard output is not a terminal; use \"riverchief list\""

    /// Whether standard input and output are both terminals.
    public static var hasTerminal: Bool { isatty(0) == 1 && isatty(1) == 1 }

    /// The largest library whose report times the first frame waits for (`run`).
    static let reportTimesWaitedUpTo = 20_000

    /// The store's hooks and the states being read, for a library.
    public typealias Connect = (Library) -> (store: StoreHooks, preloaded: StatePreload?)

    /// A `Connect` whose store `open` opens on its own thread, started now, while the library loads
    /// and the terminal is set up; the states are then read on another, as `preload` does. Only
    /// for a process without a group privilege to guard (`Privilege.isElevated` false): an
    /// installed setgid binary opens its store with nothing else running.
    public static func connectMeanwhile(_ open: @escaping @Sendable () -> StoreHooks) -> Connect {
        let ready = Handover<(store: StoreHooks, preloaded: StatePreload?)>()
        Thread.detachNewThread {
            let store = open()
            ready.finish(.success((store, store.preload())))
        }
        return { _ in
            // Waited for with an ear for a hang-up or an interrupt, as the library is.
            while Signals.received == nil {
                guard let r = ready.wait(timeout: 0.02) else { continue }
                if case .success(let opened) = r { return opened }
                break  // not reached: `open` gives its failure as hooks
            }
            return (StoreHooks(access: .unavailable(reason: "the state store did not open")), nil)
        }
    }

    /// Runs the dashboard over `library` until the user quits; returns the exit status (0, or 2 when
    /// there is no usable terminal, with a message on standard error).
    public static func run(library: Library, options: Options, store: StoreHooks = .none, preloaded: StatePreload? = nil,
                           environment: [String: String] = ProcessInfo.processInfo.environment) -> Int32 {
        let ready = Handover<Library>()
        ready.finish(.success(library))
        do {
            return try run(ready, connect: { _ in (store, preloaded) }, preview: nil, options: options, environment: environment)
        } catch {
            say("riverchief: \(error)")   // not reached: the library is already loaded
            return 1
        }
    }

    /// Runs the dashboard over the library `load` gives, loaded on another thread while the
    /// terminal is set up; `connect` then gives the store's hooks for it, on this thread (it may
    /// open the store, which an installed setgid binary does with its group: nothing else runs
    /// meanwhile). If the library is not in when the terminal is ready and `preview` (the
    /// speeches' meetings: `LibraryLoader.meetings`) holds several speeches, the first screen is
    /// drawn from it (their list, with no counts yet), then filled in. Keys pressed meanwhile
    /// wait in the terminal's input and are taken in order after. An error from `load` is thrown
    /// after the terminal is restored.
    public static func run(loading load: @escaping @Sendable () throws -> Library, connect: Connect, preview: Library?,
                           options: Options, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Int32 {
        let pending = Handover<Library>()
        Thread.detachNewThread { pending.finish(Result { try load() }) }
        return try run(pending, connect: connect, preview: preview, options: options, environment: environment)
    }

    static func run(_ pending: Handover<Library>, connect: Connect, preview: Library?, options: Options,
                    environment: [String: String]) throws -> Int32 {
        guard hasTerminal else {
            say(notATerminal)
            return 2
        }
        let lang = options.lang ?? Lang.fromEnvironment(environment)
        TerminalInfo.adoptUTF8Locale()
        Signals.install()
        let requestedTerm = environment["TERM"]
        // Before the ambiguous-width probe writes anything: a terminal that cannot address the
        // cursor would get the frame as a stream of wrapped text.
        if let t = requestedTerm, !t.isEmpty, TerminalInfo.addressing(t) == .no {
            say(TerminalInfo.cannotAddressMessage(t))
            return 2
        }
        let ambiguous: AmbiguousWidth
        switch options.ambiguous {
        case .narrow: ambiguous = .narrow
        case .wide: ambiguous = .wide
        case .auto: ambiguous = requestedTerm == "dumb" ? .narrow : (AmbiguousProbe.run() ?? .narrow)
        }
        let noColor = options.noColor || !(environment["NO_COLOR"] ?? "").isEmpty
        var notes: [String] = []
        let backend: NcursesBackend
        do {
            backend = try NcursesBackend(term: requestedTerm, color: !noColor, ambiguous: ambiguous, notes: &notes)
        } catch {
            say("riverchief: \(error)")
            return 2
        }
        defer { backend.end() }
        let term = backend.term
        let asciiChrome = term.hasPrefix("vt") || term.hasPrefix("linux") || term == "dumb"
        let settings = Settings(lang: lang, ambiguous: ambiguous, asciiChrome: asciiChrome, color: !noColor,
                                mouse: options.mouse, user: currentUser(environment), libraryPath: options.libraryPath,
                                reportRules: options.reportRules)
        var shown: Grid?
        if let preview, preview.models.count > 1, pending.wait(timeout: 0) == nil {
            shown = drawPreview(preview, settings: settings, backend: backend)
        }
        // This person's drafts do not depend on the library: read while it loads.
        let draftsRead = options.drafts?.load()
        // The library, waited for with an ear for a hang-up or an interrupt.
        func loaded() -> Result<Library, Error>? {
            while true {
                if let made = pending.take(timeout: 0.02) { return made }
                if Signals.received != nil { return nil }
            }
        }
        guard let made = loaded() else { return 128 + (Signals.received ?? SIGTERM) }
        let library = try made.get()
        let (store, preloaded) = connect(library)
        if let signal = Signals.received { return 128 + signal }
        // The states read while the library loaded: the first frame shows the real counts, not
        // zeros that jump a moment later. Without them (no store, a failed read) they are read after.
        var startup: [Effect] = [.buildSearchIndexes, .loadStates, .loadReportTimes]
        var states: [String: ItemState] = [:]
        // The tree does not depend on the states: built while they may still be being read.
        let outline = Outline(library: library)
        var reportTimes: [String: Int64]?
        switch preloaded?.take() {
        case .success(let s)?:
            states = s
            startup = [.buildSearchIndexes, .loadReportTimes]
            // The report times, read beside the states: a small library's (a few thousand tasks:
            // a millisecond or two) are waited for a moment, so its first frame has them (the
            // header's 未报送 count); a large one's are taken when they come, after the first frame
            // (a failed read is tried again).
            let wait = library.items.count <= Self.reportTimesWaitedUpTo ? 0.05 : 0
            if case .success(let t)? = preloaded?.takeReportTimes(timeout: wait) {
                reportTimes = t
                startup = [.buildSearchIndexes]
            }
        case .failure(let e)?:
            notes.append("\(e)")
        case nil:
            break
        }
        var state = AppState(library: library, settings: settings, size: backend.size, states: states, today: Runtime.localToday(),
                             outline: outline)
        // The state now holds them by item position; the snapshot by id is let go.
        states = [:]
        if let t = reportTimes { _ = update(&state, .reportTimesLoaded(t)) }
        state.storeAccess = store.access
        state.rights = store.rights
        state.holdsDetail = true
        var loadedDrafts: Set<String> = []
        if let (drafts, problem) = draftsRead {
            state.drafts = drafts.filter { library.itemIndex[$0.key] != nil }
            loadedDrafts = Set(state.drafts.keys)
            if let problem { notes.append(problem) }
            if !state.drafts.isEmpty {
                notes.append(settings.t("有 \(state.drafts.count) 份未保存的反馈草稿(标 ✎):按 D 列出",
                                        settings.count(state.drafts.count, zh: "", one: "unsaved report draft", many: "unsaved report drafts")
                                            + ", marked ✎: D lists them"))
            }
        }
        // This person's unit and what changed since they last looked (their own settings file),
        // read once the library is in: each unseen id is placed as it is read, never all held.
        var saved = UserSettings()
        if let file = options.userSettings {
            let (u, problem) = file.load { id in if let i = library.itemIndex[id] { state.unseen.insert(i) } }
            saved = u
            if let problem { notes.append(problem) }
        }
        state.lastLooked = saved.lastLooked
        state.markChangedSinceLastLooked()
        if let unit = saved.myUnit ?? store.rights?.myUnit ?? options.myUnit, state.openOnMyUnit(unit) == nil {
            notes.append(settings.t("我的单位“\(Sanitize.forTerminal(unit))”不在库中", "my unit \"\(Sanitize.forTerminal(unit))\" is not in the library"))
        }
        if let note = notes.first { state.message = note }
        if options.mouse { backend.setMouse(true) }
        // Report times not in for the first frame: the first load waits for those being read.
        var hooks = store
        if reportTimes == nil, let preload = preloaded, let query = store.reportTimes {
            hooks.reportTimes = { try preload.takeReportTimes(timeout: 30)?.get() ?? query() }
        }
        let runtime = Runtime(state: state, backend: backend, store: hooks, shown: shown)
        runtime.run(startup: startup)
        backend.end()
        // After the terminal is restored, so a message can be read.
        if let file = options.userSettings, let problem = file.save(runtime.state.userSettingsToKeep) {
            FileHandle.standardError.write(Data("riverchief: \(problem)\n".utf8))
        }
        if let file = options.drafts {
            let kept = runtime.state.draftsToKeep.filter { library.itemIndex[$0.key] != nil }
            if let problem = file.save(kept, removing: loadedDrafts.subtracting(kept.keys)) {
                say("riverchief: \(problem)")
            } else if !kept.isEmpty {
                say("riverchief: \(kept.count) unsaved report draft\(kept.count == 1 ? "" : "s") kept in \(file.path)")
            }
        }
        if let sig = Signals.received { return 128 + sig }
        // The terminal went away without a signal: the status a hang-up gives.
        if runtime.hungUp { return 128 + SIGHUP }
        return 0
    }

    /// The first screen of a library still loading, from its speeches' meetings: the speech list as
    /// it will open, with the counts to come. Gives the frame drawn.
    static func drawPreview(_ preview: Library, settings: Settings, backend: NcursesBackend) -> Grid {
        var first = AppState(library: preview, settings: settings, size: backend.size, today: Runtime.localToday())
        first.starting = true
        let frame = view(first)
        backend.draw(FrameDiff.changes(from: nil, to: frame), full: true)
        backend.setCursor(frame.cursor)
        backend.flush()
        return frame
    }

    /// A line on standard error. The terminal may be gone (a hang-up): a failed write is ignored,
    /// where `FileHandle.write(_: Data)` would stop the program before the drafts are reported.
    static func say(_ line: String) {
        try? FileHandle.standardError.write(contentsOf: Data((line + "\n").utf8))
    }

    /// The account name the store records on this user's changes (from the process's uid, not
    /// `$USER`), so the header shows the same name the history does.
    public static func currentUser(_ env: [String: String]) -> String {
        Origin.current(environment: env).account
    }
}
