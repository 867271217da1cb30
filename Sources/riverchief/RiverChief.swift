import ArgumentParser
import RiverChiefCore

@main
struct RiverChief: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "riverchief",
        abstract: "Track how a leader's speech is carried out: directives, tasks, targets and units.",
        subcommands: [SetCommand.self, HistoryCommand.self, UndoCommand.self, DoctorCommand.self, StressCommand.self, ReadBenchCommand.self]
    )

    func run() throws {
        print("riverchief: no command yet")
    }
}
