import ArgumentParser
import RiverChiefCore

@main
struct RiverChief: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "riverchief",
        abstract: "Track how a leader's speech is carried out: directives, tasks, targets and units.",
        subcommands: [TUICommand.self],
        defaultSubcommand: TUICommand.self
    )
}
