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
