import ArgumentParser
import Foundation
import RiverChiefConfig
import RiverChiefCore

@main
struct RiverChief: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "riverchief",
        abstract: "Track how a leader's speech is carried out: directives, tasks, targets and units.",
        discussion: """
            Files: <prefix>/etc/riverchief/config.toml (/etc/riverchief/config.toml for the prefix /usr), then \
            ~/.config/riverchief/config.toml ($XDG_CONFIG_HOME): the state database, language, ambiguous width, \
            reporting rules and roles; flag > environment > user file > system file. The model library: \
            <prefix>/share/riverchief/Data. The state database: [store] db of the configuration, else \
            ~/.local/share/riverchief/state.sqlite.
            Environment: RIVERCHIEF_DB, RIVERCHIEF_DATA, RIVERCHIEF_LANG, RIVERCHIEF_AMBIGUOUS, NO_COLOR. \
            An installed binary that is setgid to the riverchief group gives the group up when --db, \
            RIVERCHIEF_DB, --data or RIVERCHIEF_DATA choose a database or library of your own: it then works \
            with your own rights only.
            """,
        subcommands: [TUICommand.self, Validate.self, ListCommand.self, Show.self, Units.self,
                      SetCommand.self, HistoryCommand.self, UndoCommand.self, DoctorCommand.self, InitCommand.self, MigrateCommand.self,
                      ReportCommand.self, ScorecardCommand.self, DeriveCommand.self, StressCommand.self, ReadBenchCommand.self, RefreshBenchCommand.self],
        defaultSubcommand: TUICommand.self
    )

    /// Before anything: an installed setgid binary lowers its group and takes it back only to
    /// open the shared database (docs/shared-server.md).
    static func main() {
        Privilege.lower()
        if let problem = RawArguments.invalidUTF8(RawArguments.current) {
            Console.printError(problem)
            Foundation.exit(1)
        }
        if HotCommand.run(Array(CommandLine.arguments.dropFirst())) { return }
        main(nil)
    }
}

/// `list` and `set`, the commands scripts run most, parsed as the command alone: the same parser,
/// options and validation, without first building and checking the tree of all fifteen commands
/// (a fifth of a `list --unit`'s instructions at 10,000 tasks, most of it looking up protocol
/// conformances across the whole binary). Anything the command alone does not parse (help, a
/// mistake, another command) goes the usual way, so every message is the usual one.
enum HotCommand {
    static func run(_ arguments: [String]) -> Bool {
        switch arguments.first {
        case "list": return run(ListCommand.self, arguments)
        case "set": return run(SetCommand.self, arguments)
        default: return false
        }
    }

    static func run<C: ParsableCommand>(_ type: C.Type, _ arguments: [String]) -> Bool {
        // Help and version flags are answered by the root, which names the program in them.
        guard !arguments.contains(where: { $0 == "-h" || $0 == "--help" || $0 == "--version" || $0.hasPrefix("--generate-completion")
            || $0.hasPrefix("--experimental") }),
              var command = try? C.parse(Array(arguments.dropFirst()))
        else { return false }
        do {
            try command.run()
        } catch {
            RiverChief.exit(withError: error)
        }
        return true
    }
}
