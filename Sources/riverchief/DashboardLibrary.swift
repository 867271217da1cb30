import ArgumentParser
import Foundation
import RiverChiefCore

/// Where the dashboard gets its library: the one line to change when the core's loader lands
/// (`LibraryLocator` + `LibraryLoader`, shared with the other commands).
enum DashboardLibrary {
    static func load(data: String?) throws -> (Library, String) {
        FileHandle.standardError.write(Data("riverchief: the model library loader is not part of this build yet\n".utf8))
        throw ExitCode(1)
    }
}
