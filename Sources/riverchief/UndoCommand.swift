import ArgumentParser
import RiverChiefCore
import RiverChiefStore

/// `riverchief undo [ID]`: revert your own last change.
struct UndoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undo",
        abstract: "Undo your own last change (on ID when given), as a new event in the history.",
        discussion: "Refused when someone else has changed that item since. Undo again to go further back.")

    @Argument(help: "Only undo your last change to this item.")
    var id: String?

    @OptionGroup var store: StoreOptions

    func run() throws {
        do {
            let r = try store.open(create: false).undo(itemID: id)
            let undone = Set(r.events.compactMap(\.undoesEventID)).sorted().map(String.init).joined(separator: ", ")
            print(([Sanitize.forTerminal(r.itemID) + ": undid your change (event \(undone))"] + ChangeText.lines(r.events))
                .joined(separator: "\n"))
        } catch {
            throw Failure.report(error)
        }
    }
}
