import ArgumentParser
import Foundation
import RiverChiefConfig
import RiverChiefCore

/// The model library as `set` and `doctor` need it: the ids to check typed ids against, found and
/// loaded exactly as every other command does (`LibraryLocator` + `LibraryLoader`).
struct ItemCatalog {
    var directory: String
    var library: Library

    enum Lookup {
        case found(ItemCatalog)
        /// No usable library: `explicit` when --data or RIVERCHIEF_DATA named it.
        case missing(String, explicit: Bool)
    }

    var ids: Set<String> { Set(library.itemIndex.keys) }
    func contains(_ id: String) -> Bool { library.itemIndex[id] != nil }
    func suggestions(for id: String) -> [String] { library.closeMatches(to: id) }

    /// Whether the library cache alone shows that `id` is an item of the library `data` names:
    /// a binary search in the cache file, no library loaded. False means "not known this way"
    /// (no usable cache, or no such id): ask `locate` then.
    static func cacheKnows(_ id: String, data: String?, environment: [String: String] = AppConfig.environment) -> Bool {
        guard case .found(let url, _) = LibraryLocator.locateFromHere(option: data, environment: environment),
              let ids = LibraryLoader(cache: Self.cache(environment)).cachedItemIDs(directory: url)
        else { return false }
        return ids.contains(id)
    }

    /// Checks a typed id against the library `data` names (found as every command finds it).
    /// An unknown id is refused (`refusing`) or warned about on stderr, with the closest known ids;
    /// without a library the id is not checked (refused when --data named one that is not there).
    static func check(_ id: String, data: String?, refusing: Bool) throws {
        // Most ids are known: the cache says so without loading the library.
        if cacheKnows(id, data: data) { return }
        switch locate(data: data) {
        case .found(let catalog):
            guard !catalog.contains(id) else { return }
            var message = "unknown item id \"\(Sanitize.forTerminal(id))\" in the model library \(catalog.directory)"
            let close = catalog.suggestions(for: id)
            if !close.isEmpty { message += "; did you mean: " + close.joined(separator: ", ") }
            if refusing { throw ValidationError(message) }
            Console.printError("warning: " + message)
        case .missing(let why, let explicit):
            if explicit { throw ValidationError(why) }
            Console.printError("warning: \(why); the item id was not checked")
        }
    }

    /// The per-user library cache; while the group privilege is held, only the one root wrote
    /// (`riverchief init`): the person can write their own, and the library decides which tasks a
    /// liaison may change.
    static func cache(_ environment: [String: String]) -> LibraryCache? {
        Privilege.isElevated ? systemCache() : LibraryCache.standard(environment: environment)
    }

    /// The shared cache of an installed binary, if root owns its folder and nobody else may write it.
    static func systemCache() -> LibraryCache? {
        guard let dir = Configuration.systemCacheDirectory(executable: LibraryLocator.currentExecutable()) else { return nil }
        var st = stat()
        guard stat(dir, &st) == 0, st.st_uid == 0, (st.st_mode & 0o022) == 0 else { return nil }
        return LibraryCache(directory: URL(fileURLWithPath: dir))
    }

    static func locate(data: String?, environment: [String: String] = AppConfig.environment) -> Lookup {
        switch LibraryLocator.locateFromHere(option: data, environment: environment) {
        case .notFound(let tried, let explicit):
            return .missing(LibraryLocator.explain(tried, explicit: explicit), explicit: explicit)
        case .found(let url, _):
            let result = LibraryLoader(cache: Self.cache(environment)).load(directory: url)
            guard let library = result.library else {
                return .missing("the model library \(url.path) has \(result.diagnostics.errorCount) error(s) (`riverchief validate` lists them)",
                                explicit: data != nil || environment["RIVERCHIEF_DATA"].map { !$0.isEmpty } == true)
            }
            keptUntilExit.append(library)
            return .found(ItemCatalog(directory: url.path, library: library))
        }
    }
}
