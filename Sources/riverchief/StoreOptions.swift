import ArgumentParser
import Foundation
import RiverChiefCore
import RiverChiefStore

/// `--db PATH`, shared by every command that reads or writes the state database.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The state database (default: $RIVERCHIEF_DB, else $XDG_DATA_HOME/riverchief/state.sqlite).",
        valueName: "path"))
    var db: String?

    func validate() throws {
        // An empty --db (an unset variable in a script: --db "$DB") must not quietly mean the default.
        if db == "" {
            throw ValidationError("--db needs the database file's path, not an empty one (leave --db out to use the default)")
        }
    }

    /// Opens the store, or prints why not and exits 1. `create` false (reading commands): a missing
    /// database is `StoreError.noDatabase`, and none is created.
    func open(create: Bool = true) throws -> Store {
        do {
            return try Store.open(flag: db, create: create)
        } catch {
            throw Failure.report(error)
        }
    }

    /// Opens the store for reading: nil when there is none yet (nothing is created).
    func openExisting() throws -> Store? {
        do {
            return try Store.open(flag: db, create: false)
        } catch StoreError.noDatabase {
            return nil
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
