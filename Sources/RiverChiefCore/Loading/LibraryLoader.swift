import Foundation

// Loads a model library from disk: finds the models, reads and parses each model.json, decodes
// it, reads and checks its speech, validates each model and then the library, and places every
// problem at file:line:column. Returns the Library only when there is no error.

/// What loading found: the library (nil if any error) and every diagnostic, file by file, in
/// file order.
public struct LoadResult: Sendable {
    public var library: Library?
    public var diagnostics: [Diagnostic]
    /// The model.json files read, as displayed in diagnostics.
    public var modelFiles: [String]
    /// True when the library came from the cache (its files unchanged since it was stored).
    public var fromCache = false
}

public struct LibraryLoader: Sendable {
    /// Paths below this folder are shown relative to it (the working directory by default).
    public var displayBase: String

    /// Where a validated library is stored between runs; nil: always read the files.
    public var cache: LibraryCache?

    /// Items read from the cache come without their supporting and territorial units and their
    /// targets (empty): for a listing that prints none of them (`list` as text, unfiltered by
    /// unit). A library read from the files is always whole.
    public var outline = false

    public init(displayBase: String = FileManager.default.currentDirectoryPath, cache: LibraryCache? = nil) {
        self.displayBase = displayBase
        self.cache = cache
    }

    /// Loads a library folder: every sub-folder holding a model.json (or the folder itself, if it
    /// holds one).
    public func load(directory: URL) -> LoadResult { load(paths: [directory]) }

    /// The item ids of the library in `directory` as the cache holds them, without loading it; nil
    /// when there is no cache or it does not match the files (load the library instead).
    public func cachedItemIDs(directory: URL) -> CachedItemIDs? {
        guard let cache else { return nil }
        let (files, problems) = Self.modelFiles([directory])
        guard problems.isEmpty else { return nil }
        return cache.itemIDs(models: files.map(\.standardizedFileURL.path))
    }

    /// The library in `directory` with only the items one of the units `pick` names answers for
    /// (in any role) and their ancestors, read from the cache without decoding the other items;
    /// nil when there is no usable cache or `pick` gives nil (load the library instead). `pick`
    /// resolves names against the library without items. Any query about those units' items
    /// answers the same as on the whole library.
    public func loadPart(directory: URL, units pick: (Library) -> Set<String>?) -> Library? {
        guard let cache else { return nil }
        let (files, problems) = Self.modelFiles([directory])
        guard problems.isEmpty, let models = cache.readPart(models: files.map(\.standardizedFileURL.path), units: pick) else { return nil }
        return Library(models: models)
    }

    /// `list --json`'s document of the whole library in `directory` (`{"KEY": [items…]}`), made
    /// straight from the cache's bytes (`CachedItemsJSON`); nil when there is no usable cache or
    /// any of it is damaged (load the library instead: it gives the same bytes).
    public func cachedItemsJSON(directory: URL, under key: String) -> CachedItemsJSON? {
        guard let cache else { return nil }
        let (files, problems) = Self.modelFiles([directory])
        guard problems.isEmpty else { return nil }
        return cache.itemsJSON(models: files.map(\.standardizedFileURL.path), under: key)
    }

    /// The rows of `riverchief list`'s text tree for the whole library in `directory`, straight
    /// from the cache's bytes (`CachedOutline`); nil when there is no usable cache or any of it is
    /// damaged (load the library instead).
    public func cachedOutline(directory: URL) -> CachedOutline? {
        guard let cache else { return nil }
        let (files, problems) = Self.modelFiles([directory])
        guard problems.isEmpty else { return nil }
        return cache.outline(models: files.map(\.standardizedFileURL.path))
    }

    /// The items of the library in `directory` that the units `name` names are named on, with
    /// their ancestors, as the text tree's rows straight from the cache's bytes (`CachedPart`);
    /// nil when there is no usable cache, the name matches no unit, or anything read is damaged
    /// (load the library instead: it gives the same answer, or the error).
    public func cachedPart(directory: URL, unit name: String) -> CachedPart? {
        guard let cache else { return nil }
        let (files, problems) = Self.modelFiles([directory])
        guard problems.isEmpty else { return nil }
        return cache.part(models: files.map(\.standardizedFileURL.path), unit: name)
    }

    /// The library in `directory` as far as a first screen needs it while the whole library loads:
    /// every speech with its meeting, and no items, read from the cache without decoding the rest
    /// (nor checking it: the whole load does, and replaces this). Nil when there is no usable cache,
    /// and for a single speech: its first screen is its sections, which the meetings do not hold.
    public func meetings(directory: URL) -> Library? {
        guard let cache else { return nil }
        let (files, problems) = Self.modelFiles([directory])
        guard problems.isEmpty, files.count > 1, let heads = cache.readMeetings(models: files.map(\.standardizedFileURL.path)) else { return nil }
        return Library(models: heads.map { Model(id: $0.id, meeting: $0.meeting, source: SourceText(""), units: [], targets: [], items: []) })
    }

    /// The model.json files below `paths`, each once, in the order found (their standardised paths
    /// are the library cache's key), and the paths that could not be searched.
    static func modelFiles(_ paths: [URL]) -> ([URL], [(url: URL, error: ModelFinder.FinderError)]) {
        var files: [URL] = [], problems: [(url: URL, error: ModelFinder.FinderError)] = []
        for url in paths {
            switch ModelFinder.find(url) {
            case .success(let found): files.append(contentsOf: found)
            case .failure(let e): problems.append((url, e))
            }
        }
        var seen = Set<String>()
        return (files.filter { seen.insert($0.standardizedFileURL.path).inserted }, problems)
    }

    /// Loads explicit paths: each a library folder, a model folder or a model.json.
    public func load(paths: [URL]) -> LoadResult {
        let (modelFiles, problems) = Self.modelFiles(paths)
        var diagnostics = problems.map { Diagnostic(.error, file: display($0.url), message: $0.error.message) }
        let paths = modelFiles.map(\.standardizedFileURL.path)
        if diagnostics.isEmpty, let cache, let models = cache.read(models: paths, outline: outline) {
            return LoadResult(library: Library(models: models), diagnostics: [],
                              modelFiles: modelFiles.map(display), fromCache: true)
        }
        var loaded: [LoadedModel] = []
        for file in modelFiles { loaded.append(loadModel(file)) }
        let docs = loaded.map { $0.doc ?? ModelDocument() }
        let cross = LibraryValidator.validate(docs, files: loaded.map(\.display))
        for (k, issues) in cross.enumerated() where !issues.isEmpty {
            loaded[k].issues.append(contentsOf: issues)
            // A clean model's tree was dropped; placing these issues needs it again.
            if loaded[k].tree == nil { reparse(&loaded[k]) }
        }
        for m in loaded { diagnostics.append(contentsOf: m.diagnostics()) }
        // The JSON trees are no longer needed. Freeing a large one takes about as long as building
        // the library's indexes, so it happens on another thread meanwhile.
        let trees = loaded.map(\.tree)
        for k in loaded.indices { loaded[k].tree = nil }
        DispatchQueue.global(qos: .utility).async { withExtendedLifetime(trees) {} }

        var library: Library?
        if !diagnostics.hasErrors {
            let models = loaded.compactMap { $0.model() }
            if models.count == loaded.count { library = Library(models: models) }
            if let cache, diagnostics.isEmpty, models.count == loaded.count {
                let entries = loaded.compactMap { m -> LibraryCache.Entry? in
                    guard let model = m.stamp, let speech = m.speechStamp else { return nil }
                    return LibraryCache.Entry(model: model, speech: speech)
                }
                if entries.count == models.count { cache.write(models, entries: entries) }
            }
        }
        return LoadResult(library: library, diagnostics: diagnostics, modelFiles: loaded.map(\.display))
    }

    func display(_ url: URL) -> String {
        let path = url.standardizedFileURL.path
        let base = displayBase.hasSuffix("/") ? displayBase : displayBase + "/"
        return path.hasPrefix(base) && path.count > base.count ? String(path.dropFirst(base.count)) : path
    }

    func loadModel(_ file: URL) -> LoadedModel {
        var m = LoadedModel(file: file, display: display(file))
        m.stamp = FileStamp.of(file.standardizedFileURL.path)
        switch FileBytes.read(file.path, limit: FileBytes.modelLimit) {
        case .failure(let f):
            m.fileErrors.append(Diagnostic(.error, file: m.display, message: "cannot read: \(f.reason)"))
            return m
        case .success(let bytes):
            m.locator = TextLocator(bytes: bytes)
            let parsed = JSONParser.parse(bytes)
            m.syntaxErrors = parsed.errors
            m.tree = parsed.value
        }
        guard let tree = m.tree else { return m }
        let (doc, issues) = ModelDecoder.decode(tree)
        m.doc = doc
        m.issues = issues
        if let name = doc.sourceFile { readSpeech(name, into: &m) }
        m.issues.append(contentsOf: ModelValidator.validate(doc, source: m.source))
        if m.issues.isEmpty && m.syntaxErrors.isEmpty {
            // Nothing to place: the tree and the line index are only needed for diagnostics, so a
            // clean model lets them go now instead of holding every model's until the end
            // (half of the peak memory at 100,000 items). Freed right here: freeing on another
            // thread while the next model is parsed made both slower (malloc contention, +0.3 s).
            m.tree = nil
            m.locator = nil
        }
        return m
    }

    /// Reads and parses a model.json again, for a model whose tree was dropped as clean and that a
    /// cross-model check then faulted: its issues are placed at line and column like any other.
    func reparse(_ m: inout LoadedModel) {
        guard case .success(let bytes) = FileBytes.read(m.file.path, limit: FileBytes.modelLimit) else { return }
        m.locator = TextLocator(bytes: bytes)
        m.tree = JSONParser.parse(bytes).value
    }

    func readSpeech(_ name: String, into m: inout LoadedModel) {
        let url = m.file.deletingLastPathComponent().appendingPathComponent(name)
        m.speechDisplay = display(url)
        let path = JSONPath.root.key("source").key("file")
        m.speechStamp = FileStamp.of(url.standardizedFileURL.path)
        switch FileBytes.read(url.path, limit: FileBytes.speechLimit) {
        case .failure(let f):
            let what = f.missing ? "not found" : "cannot be read (\(f.reason))"
            m.issues.append(.error(path, "speech file \"\(name)\" \(what): \(m.speechDisplay)"))
        case .success(let bytes):
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                // One error, not one per span: with the mark every span would be off by one.
                m.issues.append(ModelIssue(.error, .speech(byteOffset: 0),
                                           "the speech starts with a byte-order mark (U+FEFF): save it as UTF-8 without BOM, or every span is off by one (spans not checked)"))
                return
            }
            if let bad = UTF8Check.firstInvalidByte(in: bytes) {
                m.speechLocator = TextLocator(bytes: bytes)
                m.issues.append(ModelIssue(.error, .speech(byteOffset: bad),
                                           "invalid UTF-8: byte 0x\(hex(UInt32(bytes[bad]), 2)) at byte offset \(bad)"))
                return
            }
            m.source = SourceText(String(decoding: bytes, as: UTF8.self))
        }
    }
}

/// One model.json on its way through loading.
struct LoadedModel {
    let file: URL
    let display: String
    var speechDisplay = ""
    /// The files as they were just before they were read (for the cache's key).
    var stamp: FileStamp?
    var speechStamp: FileStamp?
    var locator: TextLocator?
    var speechLocator: TextLocator?
    var tree: JSONValue?
    var doc: ModelDocument?
    var source: SourceText?
    var fileErrors: [Diagnostic] = []
    var syntaxErrors: [JSONSyntaxError] = []
    var issues: [ModelIssue] = []

    init(file: URL, display: String) {
        self.file = file
        self.display = display
    }

    /// The finished model, when everything it needs was read.
    func model() -> Model? {
        guard let doc, let id = doc.id, let meeting = doc.meeting, let source else { return nil }
        return Model(id: id, meeting: meeting, source: source, units: doc.units, targets: doc.targets, items: doc.items)
    }

    /// Every problem of this model as diagnostics, model.json's in file order, then the speech's.
    func diagnostics() -> [Diagnostic] {
        var placed: [(offset: Int, d: Diagnostic)] = []
        for e in syntaxErrors {
            var message = e.message
            if let first = e.firstOffset, let locator { message += " (first at \(locator.position(ofByte: first)))" }
            placed.append((e.offset, diagnostic(.error, offset: e.offset, path: nil, message)))
        }
        var speech: [(offset: Int, d: Diagnostic)] = []
        for issue in issues {
            switch issue.place {
            case .json(let path, let known):
                let offset = known ?? tree.map { $0.locate(path).offset } ?? -1
                var message = issue.message
                if let related = issue.related, let tree, let locator {
                    message += " (first at \(locator.position(ofByte: tree.locate(related).offset)))"
                }
                placed.append((offset, diagnostic(issue.severity, offset: offset, path: path.description, message)))
            case .speech(let byte):
                var d = Diagnostic(issue.severity, file: speechDisplay, message: issue.message)
                if let byte, let speechLocator {
                    let p = speechLocator.position(ofByte: byte)
                    d.line = p.line
                    d.column = p.column
                }
                speech.append((byte ?? 0, d))
            }
        }
        // Stable: problems at the same place keep the order they were found in.
        let sorted = placed.enumerated().sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }
        return fileErrors + sorted.map(\.element.d) + speech.map(\.d)
    }

    private func diagnostic(_ severity: Diagnostic.Severity, offset: Int, path: String?, _ message: String) -> Diagnostic {
        var d = Diagnostic(severity, file: display, path: path, message: message)
        if offset >= 0, let locator {
            let p = locator.position(ofByte: offset)
            d.line = p.line
            d.column = p.column
        }
        return d
    }
}

/// Which model.json files a path stands for.
enum ModelFinder {
    static func find(_ url: URL) -> Result<[URL], FinderError> {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else {
            return .failure(FinderError(loop(url.path) ? loopMessage : "no such file or directory"))
        }
        guard isDir.boolValue else { return .success([url]) }
        let own = url.appendingPathComponent("model.json")
        if FileManager.default.fileExists(atPath: own.path) { return .success([own]) }
        if loop(own.path) { return .failure(FinderError("model.json " + loopMessage)) }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else {
            return .failure(FinderError("cannot list the folder"))
        }
        let candidates = names.sorted().map { url.appendingPathComponent($0).appendingPathComponent("model.json") }
        // A model.json (or its folder) that is a symbolic link loop is not a folder without a model.
        if let looped = candidates.first(where: { loop($0.path) }) {
            return .failure(FinderError("\(looped.deletingLastPathComponent().lastPathComponent)/model.json " + loopMessage))
        }
        let found = candidates.filter { FileManager.default.fileExists(atPath: $0.path) }
        if found.isEmpty {
            return .failure(FinderError("no model here: neither the folder nor any sub-folder holds a model.json"))
        }
        return .success(found)
    }

    static let loopMessage = "is a symbolic link loop (a link that leads back to itself)"

    /// Whether following `path`'s symbolic links never ends.
    static func loop(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) != 0 && errno == ELOOP
    }

    struct FinderError: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }
}
