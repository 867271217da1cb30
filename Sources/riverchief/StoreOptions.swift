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

    /// Opens the store, or prints why not and exits 1.
    func open() throws -> Store {
        do {
            return try Store.open(flag: db)
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
