import ArgumentParser

/// `list` and `set`, the commands scripts run most, and the dashboard (`riverchief` alone, or
/// with its options, or `tui`), the command people start most, in their plain forms (`--name
/// value`, the flags, `set`'s id) read by hand into the same command types, which then run as usual. Parsing
/// with ArgumentParser makes it reflect over every property of the command and look up each one's
/// protocol conformances across the whole binary (about 14 M instructions, a fifth of a
/// `list --unit` at 10,000 tasks). Anything else (help, `--name=value`, a value that starts with
/// `-`, a name given twice or unknown, a value that fails the command's validation, another
/// command) goes the usual way, so every message is the usual one.
enum HotCommand {
    static func run(_ arguments: [String]) -> Bool {
        guard var command = parse(arguments) else { return false }
        do {
            try command.run()
        } catch {
            RiverChief.exit(withError: error)
        }
        return true
    }

    /// The command the usual parser would give for `arguments` (the program's, after its name),
    /// or nil when they are not one of the plain forms.
    static func parse(_ arguments: [String]) -> (any ParsableCommand)? {
        switch arguments.first {
        case "list":
            guard let a = HotArguments(arguments.dropFirst(), options: ListCommand.hotOptions, flags: ["json", "no-cache"], positionals: 0)
            else { return nil }
            return try? ListCommand(hot: a)
        case "set":
            guard let a = HotArguments(arguments.dropFirst(), options: SetCommand.hotOptions, flags: [], positionals: 1)
            else { return nil }
            return try? SetCommand(hot: a)
        case "tui":
            return dashboard(arguments.dropFirst())
        case let word? where !word.hasPrefix("--"):
            return nil
        default:
            // No command named: the dashboard, the root's default.
            return dashboard(arguments[...])
        }
    }

    private static func dashboard(_ arguments: ArraySlice<String>) -> (any ParsableCommand)? {
        guard let a = HotArguments(arguments, options: TUICommand.hotOptions, flags: TUICommand.hotFlags, positionals: 0)
        else { return nil }
        return try? TUICommand(hot: a)
    }
}

/// A command line of `--name value` options, `--name` flags and positional arguments, each
/// option and flag at most once. nil for anything else. (Arrays searched in order, not sets or
/// dictionaries of strings: each new kind of those costs the process a look-up across every
/// protocol conformance of the binary.)
struct HotArguments {
    private var given: [(name: String, value: String)] = []
    private var flagsGiven: [String] = []
    var positionals: [String] = []

    init?(_ arguments: ArraySlice<String>, options known: [String], flags knownFlags: [String], positionals count: Int) {
        var rest = arguments[...]
        while let word = rest.popFirst() {
            guard word.hasPrefix("-") else {
                positionals.append(word)
                continue
            }
            guard word.hasPrefix("--") else { return nil }
            let name = String(word.dropFirst(2))
            if knownFlags.contains(name) {
                guard !flagsGiven.contains(name) else { return nil }
                flagsGiven.append(name)
            } else if known.contains(name), self[name] == nil, let value = rest.popFirst(), !value.hasPrefix("-") {
                given.append((name, value))
            } else {
                return nil
            }
        }
        guard positionals.count == count else { return nil }
    }

    /// The value given for option `name`.
    subscript(_ name: String) -> String? { given.first { $0.name == name }?.value }

    func flag(_ name: String) -> Bool { flagsGiven.contains(name) }

    /// An option's value as a number; throws (so the usual parser says why) when it is not one.
    func number<N: FixedWidthInteger>(_ name: String, as _: N.Type = N.self) throws -> N? {
        guard let text = self[name] else { return nil }
        guard let n = N(text) else { throw ValidationError(name) }
        return n
    }
}

extension LibraryOptions {
    init(hot a: HotArguments) {
        self.init()
        data = a["data"]
        noCache = a.flag("no-cache")
    }
}

extension StoreOptions {
    init(hot a: HotArguments) throws {
        self.init()
        db = a["db"]
        try validate()
    }
}

extension ListCommand {
    static let hotOptions = ["data", "width", "db", "section", "unit", "as", "kind", "status"]

    // Property by property: a key path would read the property before writing it, and an unparsed
    // property cannot be read.
    init(hot a: HotArguments) throws {
        self.init()
        library = LibraryOptions(hot: a)
        output = OutputOptions()
        output.json = a.flag("json")
        output.width = try a.number("width")
        try output.validate()
        state = try StoreOptions(hot: a)
        section = a["section"]
        unit = a["unit"]
        role = a["as"]
        kind = a["kind"]
        status = a["status"]
        try validate()
    }
}

extension SetCommand {
    static let hotOptions = ["status", "progress", "deadline", "note", "next", "problems", "support", "metric", "unit",
                             "baseline", "goal", "value", "on", "base", "data", "db"]

    init(hot a: HotArguments) throws {
        self.init()
        id = a.positionals[0]
        (status, progress, deadline) = (a["status"], a["progress"], a["deadline"])
        (note, next, problems, support) = (a["note"], a["next"], a["problems"], a["support"])
        (metric, unit, baseline, goal) = (a["metric"], a["unit"], a["baseline"], a["goal"])
        (value, on, data) = (a["value"], a["on"], a["data"])
        base = try a.number("base")
        store = try StoreOptions(hot: a)
    }
}

extension TUICommand {
    static let hotOptions = ["data", "db", "lang", "ambiguous"]
    static let hotFlags = ["no-cache", "mouse", "no-color"]

    init(hot a: HotArguments) throws {
        self.init()
        library = LibraryOptions(hot: a)
        display = DashboardOptions()
        display.lang = a["lang"]
        display.ambiguous = a["ambiguous"]
        display.mouse = a.flag("mouse")
        display.noColor = a.flag("no-color")
        try display.validate()
        state = try StoreOptions(hot: a)
    }
}
