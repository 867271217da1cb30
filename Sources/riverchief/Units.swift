import ArgumentParser
import RiverChiefCore

struct Units: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Every unit with how many tasks it leads, supports and answers for locally, and which."
    )

    @OptionGroup var library: LibraryOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let lib = try library.load()
        if output.json {
            Console.out(JSONWriter.write(.object([("units", .array(lib.units.map { unitJSON(lib, $0) }))])))
        } else {
            Console.out(UnitText(library: lib, width: output.columns).render())
        }
    }

    func unitJSON(_ lib: Library, _ u: Unit) -> JSONValue {
        var members = lib.json(of: u).objectValue ?? []
        for role in UnitRole.allCases {
            let tasks = lib.tasks(of: u.id, as: role)
            members.append(JSONMember(key: role.rawValue, value: .array(tasks.map { t in
                .object([("id", .string(t.id)), ("title", .string(t.title))])
            })))
        }
        return JSONValue(.object(members))
    }
}
