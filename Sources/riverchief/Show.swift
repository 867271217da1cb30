import ArgumentParser
import Foundation
import RiverChiefCore
import RiverChiefStore

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "One item in full: fields, units, targets, children and its passage of the speech.",
        discussion: "In the passage the item's own words are marked 【…】 (reverse video on a terminal)."
    )

    @OptionGroup var library: LibraryOptions
    @OptionGroup var output: OutputOptions

    @OptionGroup var state: StoreOptions

    @Argument(help: "An item or target id, e.g. yr2020.t.joint-meetings or yr2020.g.eco-flow (see `riverchief list`).")
    var id: String

    func run() throws {
        let lib = try library.load()
        if lib.item(id) == nil, let target = lib.target(id) {
            let text = TargetText(input: try targetInput(lib), width: output.columns)
            Console.out(output.json ? JSONWriter.write(text.json(target)) : text.render(target))
            return
        }
        guard let item = lib.item(id) else {
            var message = "no item \"\(Sanitize.forTerminal(id))\" in the library"
            let close = lib.closeMatches(to: id)
            if !close.isEmpty { message += "; did you mean: " + close.map(Sanitize.forTerminal).joined(separator: ", ") }
            throw Console.fail(message)
        }
        if output.json {
            var members = lib.json(of: item).objectValue ?? []
            members.append(JSONMember(key: "children", value: .array(lib.children(of: item.id).map { .string($0.id) })))
            members.append(JSONMember(key: "ancestors", value: .array(lib.ancestors(of: item).map { .string($0.id) })))
            members.append(JSONMember(key: "passage", value: passageJSON(lib, item)))
            Console.out(JSONWriter.write(JSONValue(.object(members))))
        } else {
            let duties = (try? DutyTable.load(inLibrary: library.locate())).flatMap { try? $0?.get() }
            Console.out(ItemText(library: lib, width: output.columns, highlight: Console.stdoutIsTerminal ? .reverseVideo : .brackets,
                                 duties: duties).render(item))
        }
    }

    /// Targets show their tasks' states and the office's records; without a database they show
    /// the library alone (and say why).
    func targetInput(_ lib: Library) throws -> ReportInput {
        let rules = try ReportRuleSource.rules()
        do {
            return try state.open().reportInput(library: lib, asOf: nil, rules: rules)
        } catch {
            Console.error("riverchief: no state shown: " + Sanitize.forTerminal((error as? StoreError)?.description ?? "\(error)"))
            return ReportInput(library: lib, facts: [:], asOf: Day(TimeText.today()) ?? Day(serial: 0), rules: rules)
        }
    }

    /// `{span, before, marked, after}`: the lines of the speech around the item, cut at its own span.
    func passageJSON(_ lib: Library, _ item: Item) -> JSONValue {
        guard let model = lib.model(of: item), let p = Passage(source: model.source, span: item.span) else { return .null }
        return .object([
            ("span", .array([.int(p.range.start), .int(p.range.end)])),
            ("before", .string(p.before)),
            ("marked", .string(p.marked)),
            ("after", .string(p.after)),
        ])
    }
}
