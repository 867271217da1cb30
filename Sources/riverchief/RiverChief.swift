import ArgumentParser
import Foundation
import RiverChiefCore

@main
struct RiverChief: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "riverchief",
        abstract: "Track how a leader's speech is carried out: directives, tasks, targets and units.",
        subcommands: [TUICommand.self, Validate.self, ListCommand.self, Show.self, Units.self,
                      SetCommand.self, HistoryCommand.self, UndoCommand.self, DoctorCommand.self,
                      ReportCommand.self, ScorecardCommand.self, StressCommand.self, ReadBenchCommand.self],
        defaultSubcommand: TUICommand.self
    )

    static func main() {
        if let problem = RawArguments.invalidUTF8(RawArguments.current) {
            Console.printError(problem)
            Foundation.exit(1)
        }
        main(nil)
    }
}
