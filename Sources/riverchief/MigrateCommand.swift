import ArgumentParser
import RiverChiefCore
import RiverChiefPostgres
import RiverChiefStore

/// `riverchief migrate --from state.sqlite --to postgresql://…`: carry an SQLite history over.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy an SQLite state database into a PostgreSQL one, with every event's id, time and account.",
        discussion: """
            Run it as the PostgreSQL database's owner (who set it up with `riverchief init --db postgresql://…`). \
            Safe to run again: what is already there is checked and kept, only newer events are copied; a \
            database whose history is not the file's is refused and nothing is written. Afterwards both \
            histories are folded to their current states and compared; exit 1 when they differ. \
            Needs a build with the PostgreSQL trait.
            """)

    @Option(help: ArgumentHelp("The SQLite state database to copy (it is only read).", valueName: "path"))
    var from: String

    @Option(help: ArgumentHelp("The PostgreSQL database: postgresql://[user[:password]@][host][:port]/database.", valueName: "url"))
    var to: String

    func validate() throws {
        guard PostgresAddress.isAddress(to) else { throw ValidationError("--to must be a postgresql:// address, not \(to)") }
        guard !PostgresAddress.isAddress(from) else { throw ValidationError("--from is the SQLite file to copy, not an address") }
    }

    func run() throws {
        do {
            for line in try PostgresSupport.migrate(from: from, to: to) { print(Sanitize.forTerminal(line)) }
        } catch let failed as MigrationCheckFailed {
            for line in failed.lines { print(Sanitize.forTerminal(line)) }
            throw ExitCode(1)
        } catch {
            throw Failure.report(error)
        }
    }
}
