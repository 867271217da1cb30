import ArgumentParser

/// `riverchief-bench`: synthetic libraries and histories, and the benchmarks of docs/performance.md.
@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "riverchief-bench",
        abstract: "Generate synthetic RiverChief libraries and histories, and measure RiverChief against them.",
        discussion: "Run the measured figures from a release build: swift run -c release riverchief-bench run. See docs/performance.md.",
        subcommands: [GenerateCommand.self, HistoryCommand.self, RunCommand.self, WriterCommand.self, PinyinReadingsCommand.self]
    )
}
