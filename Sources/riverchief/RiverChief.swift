import ArgumentParser
import RiverChiefConfig
import RiverChiefCore

@main
struct RiverChief: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "riverchief",
        abstract: "Track how a leader's speech is carried out: directives, tasks, targets and units.",
        subcommands: [TUICommand.self, Validate.self, ListCommand.self, Show.self, Units.self,
                      SetCommand.self, HistoryCommand.self, UndoCommand.self, DoctorCommand.self, InitCommand.self,
                      StressCommand.self, ReadBenchCommand.self],
        defaultSubcommand: TUICommand.self
    )

    /// Before anything: an installed setgid binary lowers its group and takes it back only to
    /// open the shared database (docs/shared-server.md).
    static func main() {
        Privilege.lower()
        main(nil)
    }
}
