import ArgumentParser
import Foundation
import RiverChiefCore
import RiverChiefStore

/// `--db PATH`, shared by every command that reads or writes the state database.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The state database: an SQLite file, or a PostgreSQL address postgresql://[user@][host]/database (default: $RIVERCHIEF_DB, else [store] db of the user's then the system's config.toml, else $XDG_DATA_HOME/riverchief/state.sqlite).",
        valueName: "path|url"))
    var db: String?

    func validate() throws {
        // An empty --db (an unset variable in a script: --db "$DB") must not quietly mean the default.
        if db == "" {
            throw ValidationError("--db needs the database file's path, not an empty one (leave --db out to use the default)")
        }
    }

    /// Opens the store (with the roles of the configuration), or prints why not and exits 1.
    /// `data` is the command's --data, when it has one. `create` false (reading commands): a
    /// missing database is `StoreError.noDatabase`, and none is created.
    func open(data: String? = nil, create: Bool = true) throws -> any StateStore {
        do {
            return try SharedStore.open(flag: db, data: data, create: create).store
        } catch let r as SharedStore.Refusal {
            throw Console.failWith(r.code, r.message)
        } catch {
            throw Failure.report(error)
        }
    }

    /// The status of each of `itemIDs`, in their order (nil: none recorded, also when there is no
    /// database yet: nothing is created). Errors as `openExisting`'s.
    func statuses(of itemIDs: [String], data: String? = nil) throws -> [Status?] {
        do {
            return try SharedStore.statuses(of: itemIDs, flag: db, data: data) ?? itemIDs.map { _ in nil }
        } catch let r as SharedStore.Refusal {
            throw Console.failWith(r.code, r.message)
        } catch {
            throw Failure.report(error)
        }
    }

    /// Opens the store for reading: nil when there is none yet (nothing is created).
    func openExisting(data: String? = nil) throws -> (any StateStore)? {
        do {
            return try SharedStore.open(flag: db, data: data, create: false).store
        } catch StoreError.noDatabase {
            return nil
        } catch let r as SharedStore.Refusal {
            throw Console.failWith(r.code, r.message)
        } catch {
            throw Failure.report(error)
        }
    }
}

/// How commands end on an error: the message on stderr, sanitised line by line, then exit 1.
enum Failure {
    /// Prints `riverchief: <message>` to stderr and returns the exit code to throw.
    static func report(_ error: Error) -> ExitCode {
        if let code = error as? ExitCode { return code }
        let message = (error as? StoreError)?.description ?? "\(error)"
        return Console.fail(message)
    }
}
