import ArgumentParser
import Foundation
import RiverChiefCore
import RiverChiefStore

/// `riverchief init`: create the state database (if missing) where the configuration says, with
/// the mode its directory calls for, and say what it is. `make install-server` runs it as root.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the state database if it is missing, and show its path, mode, owner and group.",
        discussion: "The database takes its directory's read and write bits whatever the umask (2770 → 0660). With the roles of the configuration, only an office administrator may create the shared one.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        let db = try store.open()
        var st = stat()
        guard stat(db.path, &st) == 0 else { throw Console.fail("\(db.path) was not created") }
        let mode = String(format: "%04o", Int(st.st_mode & 0o7777))
        print(ChangeText.table([
            ["database", Sanitize.forTerminal(db.path)],
            ["mode", mode],
            ["owner", Origin.accountName(uid: st.st_uid)],
            ["group", Self.groupName(st.st_gid)],
            ["access", db.isReadOnly ? "read-only for you" : "read-write"],
        ]).joined(separator: "\n"))
    }

    static func groupName(_ gid: gid_t) -> String {
        guard let g = getgrgid(gid), let n = g.pointee.gr_name else { return "gid\(gid)" }
        return String(cString: n)
    }
}
