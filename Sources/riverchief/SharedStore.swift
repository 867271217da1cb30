import ArgumentParser
import Foundation
import RiverChiefConfig
import RiverChiefCore
import RiverChiefPostgres
import RiverChiefStore

/// The configuration, read once per process (system file, then the user's). A broken file ends
/// the program with its `FILE:LINE:COL: error:` message and exit 2.
enum AppConfig {
    nonisolated(unsafe) private static var loaded: Configuration?

    /// The process's environment, read once: each `ProcessInfo.processInfo.environment` builds a
    /// new dictionary (a `set` asked for it five times: 1.5 M instructions). Nothing in riverchief
    /// changes its own environment.
    static let environment = ProcessInfo.processInfo.environment

    static func load() throws -> Configuration {
        if let loaded { return loaded }
        do {
            let c = try Configuration.load(environment: environment)
            loaded = c
            return c
        } catch {
            Console.error("riverchief: " + Sanitize.forTerminal(error.description))
            throw ExitCode(2)
        }
    }
}

/// Opens the state database the configuration names, with the roles it grants.
///
/// With the group privilege of an installed setgid binary: the shared database (the system
/// file's `[store] db`) is opened with the group, and only after the library that decides the
/// roles has been read from the install prefix. A database or library the person chose
/// themselves (`--db`, `RIVERCHIEF_DB`, their own file's `db`, `--data`, `RIVERCHIEF_DATA`)
/// makes the program give the group up first: it then works with the person's own rights only.
enum SharedStore {
    /// Why the store was not opened: the message and the exit status.
    struct Refusal: Error {
        var message: String
        var code: Int32 = 1
    }

    struct Opened {
        var store: any StateStore
        /// The role applied to the library, when `[roles]` governs this database.
        var authority: Authority?
    }

    static func open(flag: String?, data: String?, library: Library? = nil, create: Bool = true) throws -> Opened {
        try Plan(flag: flag, data: data, library: library).open(create: create)
    }

    /// The status of each of `itemIDs`, in their order (nil: no state recorded), for a command
    /// that only reads them; nil when there is no database yet. The same account, roles and
    /// privileges as `open`; an SQLite file of this build's schema is read straight
    /// (`QuickStates`), anything else through the store, which says what is wrong exactly as
    /// `open` does.
    static func statuses(of itemIDs: [String], flag: String?, data: String?) throws -> [Status?]? {
        let plan = try Plan(flag: flag, data: data, library: nil)
        if !PostgresAddress.isAddress(plan.path),
           let statuses = Privilege.raised({ QuickStates.statuses(path: plan.path, of: itemIDs) }) {
            return statuses
        }
        do {
            let states = try plan.open(create: false).store.states(of: itemIDs)
            return itemIDs.map { states[$0]?.status }
        } catch StoreError.noDatabase {
            return nil
        }
    }

    /// Which database, with which rights: decided (and the group given up when it must be, and an
    /// account without a role refused) before anything is opened.
    struct Plan {
        var path: String
        var chosen: Bool
        var shared: Bool
        var libraryChosen: Bool
        var authority: Authority?
        var environment: [String: String]

        init(flag: String?, data: String?, library: Library?) throws {
            let config = try AppConfig.load()
            let env = AppConfig.environment
            let chosen = config.database(flag: flag, environment: env)
            // The flag and the variable as the store reads them (`~` from $HOME); a file's, as written there.
            let path = chosen.map { c in c.source == .flag || c.source == .environment ? StoreLocation.resolve(flag: flag, environment: env) : c.path }
                ?? StoreLocation.resolve(flag: nil, environment: env)
            let shared = chosen != nil && isShared(path, config: config)
            let libraryChosen = data != nil || !(env["RIVERCHIEF_DATA"] ?? "").isEmpty
            if Privilege.isElevated && (!shared || libraryChosen) {
                Privilege.dropForGood()
            }
            var authority: Authority?
            if shared, let roles = config.roles, let file = config.systemPath {
                let person = Person.current()
                let role = roles.role(of: person)
                if role == .none {
                    throw Refusal(message: "account \(person.account) has no role for the shared state database \(path): "
                        + "[roles] in \(file) names neither it nor a group of it; ask the office administrator")
                }
                // Only a liaison's rights depend on the library.
                let lib: Library? = if case .liaison = role { try library ?? loadLibrary(data: data) } else { library }
                do {
                    authority = try Authority(person: person, role: role, library: lib, file: file)
                } catch {
                    throw Refusal(message: error.description, code: 2)
                }
            }
            self.path = path
            self.chosen = chosen != nil
            self.shared = shared
            self.libraryChosen = libraryChosen
            self.authority = authority
            self.environment = env
        }

        func open(create: Bool) throws -> Opened {
            let writeGuard = authority.map { a in
                WriteGuard(role: a.label.en, refusal: { a.refusal(itemID: $0)?.en })
            }
            if PostgresAddress.isAddress(path) {
                // The server decides who may connect and what they may do; the group privilege of a
                // setgid install is not needed for it (given up above unless this is the system's database).
                do {
                    return Opened(store: try PostgresSupport.open(path, writeGuard: writeGuard), authority: authority)
                } catch StoreError.unsupported(let message) {
                    throw Refusal(message: message)
                }
            }
            do {
                let store = try Privilege.raised {
                    try Store.open(path: path, explicit: chosen, origin: .current(environment: environment), create: create, writeGuard: writeGuard,
                                   fileAccess: FileAccess { body in Privilege.raised { body() } })
                }
                return Opened(store: store, authority: authority)
            } catch let error as StoreError where shared && libraryChosen && !Privilege.isElevated && Privilege.wasElevated {
                throw Refusal(message: error.description
                    + "\n(--data or RIVERCHIEF_DATA was given: riverchief then runs with your own rights only, and those cannot reach the shared database)")
            }
        }
    }

    /// The library that decides a liaison's tasks: found and read like every command's, but
    /// never from the per-user cache while the group privilege is held.
    static func loadLibrary(data: String?) throws -> Library {
        switch ItemCatalog.locate(data: data) {
        case .found(let catalog): return catalog.library
        case .missing(let why, _):
            throw Refusal(message: why + "; the roles of the configuration need the model library")
        }
    }

    /// Whether `path` is the shared database the system file names.
    static func isShared(_ path: String?, config: Configuration) -> Bool {
        guard let path, let shared = config.systemDatabase else { return false }
        return same(path, shared)
    }

    /// Whether the roles of the configuration govern the database `--db flag` (and the environment) choose.
    static func rolesApply(flag: String?, config: Configuration) -> Bool {
        config.roles != nil && isShared(config.database(flag: flag, environment: AppConfig.environment)?.path, config: config)
    }

    static func same(_ a: String, _ b: String) -> Bool {
        func norm(_ p: String) -> String {
            if PostgresAddress.isAddress(p) { return p }
        let url = URL(fileURLWithPath: p).standardizedFileURL
            let dir = url.deletingLastPathComponent().resolvingSymlinksInPath()
            return dir.appendingPathComponent(url.lastPathComponent).path
        }
        return norm(a) == norm(b)
    }
}
