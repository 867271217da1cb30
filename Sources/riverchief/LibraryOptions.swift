import ArgumentParser
import Foundation
import RiverChiefCore

/// `--data DIR`: which model library to use (see `LibraryLocator` for the search order).
struct LibraryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The model library folder (default: $RIVERCHIEF_DATA, the repository's Data/, <prefix>/share/riverchief/Data, ./Data).",
                                            valueName: "DIR"))
    var data: String?

    @Flag(name: .customLong("no-cache"), help: "Read every model.json instead of the library cache ($XDG_CACHE_HOME/riverchief; also RIVERCHIEF_NO_CACHE=1).")
    var noCache = false

    /// The library folder, or exit 1 with what was tried.
    func locate() throws -> URL {
        switch LibraryLocator.locateFromHere(option: data, environment: AppConfig.environment) {
        case .found(let url, _): return url
        case .notFound(let tried, let explicit):
            throw Console.fail(LibraryLocator.explain(tried, explicit: explicit))
        }
    }

    /// The library with only what `--unit NAME` keeps (the items those units answer for and their
    /// ancestors), read in part from the cache; nil when there is no usable cache or the name
    /// matches no unit (then `load()`, which gives the same answer or the same error).
    func loadPart(unit name: String) -> Library? {
        guard let (loader, url) = cachedLoader(),
              let library = loader.loadPart(directory: url, units: { bare in
                  (try? bare.resolveUnits(name)).map { Set($0.map(\.id)) }
              })
        else { return nil }
        keptUntilExit.append(library)
        return library
    }

    /// `list --json`'s document of every item, made straight from the library cache; nil without
    /// a usable, undamaged cache (then `load()`, which gives the same bytes).
    func cachedItemsJSON(under key: String) -> CachedItemsJSON? {
        cachedLoader().flatMap { loader, url in loader.cachedItemsJSON(directory: url, under: key) }
    }

    /// The text tree's rows of the whole library straight from the cache's bytes (`CachedOutline`):
    /// nil when there is no usable cache or any of it is damaged.
    func cachedOutline() -> CachedOutline? {
        cachedLoader().flatMap { loader, url in loader.cachedOutline(directory: url) }
    }

    /// What `list --unit NAME` prints as text, straight from the cache's bytes (`CachedPart`): nil
    /// when there is no usable cache, the name matches no unit, or anything read is damaged.
    func cachedPart(unit name: String) -> CachedPart? {
        cachedLoader().flatMap { loader, url in loader.cachedPart(directory: url, unit: name) }
    }

    /// The library's speeches with their meetings and no items, from the cache (`LibraryLoader.meetings`):
    /// what a first screen shows while the whole library loads; nil without a usable cache.
    func meetings() -> Library? {
        cachedLoader().flatMap { loader, url in loader.meetings(directory: url) }
    }

    /// Whether the library cache holds this library as its files are now (so loading it prints
    /// nothing: the cache holds only libraries without diagnostics).
    func cacheIsUsable() -> Bool {
        cachedLoader().flatMap { loader, url in loader.cachedItemIDs(directory: url) } != nil
    }

    /// A loader with the library cache, and the library's folder; nil when the cache is turned off
    /// or there is none, or the library is not found (`load()` then says so).
    private func cachedLoader() -> (LibraryLoader, URL)? {
        guard !noCache, let cache = ItemCatalog.cache(AppConfig.environment),
              case .found(let url, _) = LibraryLocator.locateFromHere(option: data, environment: AppConfig.environment)
        else { return nil }
        return (LibraryLoader(cache: cache), url)
    }

    /// The loaded library. With errors: every diagnostic on stderr, then exit 1. Warnings are
    /// summed up in one line so they are not lost.
    /// `outline`: see `LibraryLoader.outline`.
    func load(outline: Bool = false) throws -> Library {
        let cache = noCache ? nil : ItemCatalog.cache(AppConfig.environment)
        var loader = LibraryLoader(cache: cache)
        loader.outline = outline
        let result = loader.load(directory: try locate())
        guard let library = result.library else {
            for d in result.diagnostics { Console.error(d.rendered) }
            throw Console.fail("the model library has \(result.diagnostics.errorCount) error(s); nothing shown")
        }
        keptUntilExit.append(library)
        let warnings = result.diagnostics.warningCount
        if warnings > 0 { Console.error("riverchief: \(warnings) warning(s) in the library; `riverchief validate` lists them") }
        return library
    }
}

/// Every library this process loaded, held until it exits: globals are not destroyed at exit, so
/// a command does not spend a tenth of a second freeing 100,000 items just before it ends.
nonisolated(unsafe) var keptUntilExit: [Library] = []

/// `--json` and `--width N`, for commands that print.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON (UTF-8, stable key order) instead of text.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Text width in columns (default: the terminal's, else $COLUMNS, else 80).", valueName: "N"))
    var width: Int?

    func validate() throws {
        if let width, width < 20 { throw ValidationError("--width must be at least 20") }
    }

    var columns: Int { width ?? Console.terminalWidth() }
}
