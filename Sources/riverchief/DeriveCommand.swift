import ArgumentParser
import Foundation
import RiverChiefCore

/// `riverchief derive SPEECH.txt`: a draft model of a speech, in the library's format.
struct DeriveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "derive",
        abstract: "Draft a model from a speech: sections, points, tasks, targets and units, every inference with its rule.",
        discussion: """
        SPEECH is a text file in UTF-8 (a BOM is fine), GB18030/GBK or UTF-16, with LF or CRLF line ends. \
        The draft goes to standard output, or with --out to FILE, and the speech as the library stores it \
        (UTF-8, no BOM, LF) beside it as speech.txt: spans count code points of that text. Units named in the \
        speech are matched against the library's catalogue; the rest are inferred through the duty table \
        (<library>/unit-duties.json, or --rules). --against MODEL lists what the draft adds, drops or moves \
        compared with a curated model. The same speech and table always give the same bytes.
        """
    )

    @OptionGroup var library: LibraryOptions

    @Argument(help: "The speech, a text file.")
    var speech: String

    @Option(name: .long, help: ArgumentHelp("Write the draft model here (and speech.txt beside it) instead of standard output.", valueName: "FILE"))
    var out: String?

    @Option(name: .long, help: ArgumentHelp("Compare the draft with this curated model (a model.json or its folder) and list the differences.", valueName: "MODEL"))
    var against: String?

    @Option(name: .long, help: ArgumentHelp("The draft's model id (default: the --out folder's name, else \"draft\").", valueName: "ID"))
    var id: String?

    @Option(name: .long, help: ArgumentHelp("The duty table (default: unit-duties.json in the library).", valueName: "FILE"))
    var rules: String?

    func validate() throws {
        if let id, !Identifier.isModelID(id) { throw ValidationError("--id \"\(id)\" must match [a-z0-9][a-z0-9-]*") }
    }

    func run() throws {
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let speechURL = URL(fileURLWithPath: speech, relativeTo: cwd).standardizedFileURL
        let input: SpeechInput
        switch SpeechInput.read(path: speechURL.path) {
        case .success(let s): input = s
        case .failure(let e): throw Console.fail("\(speech): \(e.message)")
        }
        let folder = try library.locate()
        let lib = try library.load()
        let table = try loadTable(folder)
        let outURL = out.map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL }
        let modelID = id ?? outURL.flatMap { defaultID($0) } ?? "draft"
        if let at = lib.modelIndex[modelID], lib.models[at].source.text != input.text {
            Console.error("riverchief: note: the library already has a model \"\(modelID)\" of another speech: give the draft its own id (--id) before placing it there")
        }
        let draft = Deriver.derive(input.text, options: DeriveOptions(modelID: modelID, catalogue: lib.units, table: table))
        for n in draft.notes { Console.error("riverchief: note: " + n) }
        if let note = input.conversionNote { Console.error("riverchief: note: \(speech): \(note); spans count code points of the converted text") }
        let bytes = ModelJSON.encode(draft.model)
        if let outURL {
            try write(bytes, input: input, speechURL: speechURL, to: outURL)
        } else if against == nil {
            Console.out(bytes: bytes)
        }
        if let against {
            let curated = try loadModel(URL(fileURLWithPath: against, relativeTo: cwd))
            let c = DraftComparison.compare(draft: draft.model, curated: curated, units: lib.units)
            var text = ""
            for l in c.lines where l.change != .same {
                text += "\(l.change.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))\(l.kind.padding(toLength: 8, withPad: " ", startingAt: 0))\(l.text)\n"
            }
            text += c.summary + "\n"
            Console.out(text.split(separator: "\n", omittingEmptySubsequences: false).map { Sanitize.forTerminal(String($0)) }
                .joined(separator: "\n"))
        }
    }

    func loadTable(_ folder: URL) throws -> DutyTable {
        let result: Result<DutyTable, DutyTableError>
        if let rules {
            result = DutyTable.load(URL(fileURLWithPath: rules), display: rules)
        } else if let found = DutyTable.load(inLibrary: folder) {
            result = found
        } else {
            throw Console.fail("no duty table: \(folder.appendingPathComponent(DutyTable.fileName).path) does not exist (give one with --rules FILE)")
        }
        switch result {
        case .success(let t): return t
        case .failure(let e):
            for d in e.diagnostics { Console.error(d.rendered) }
            throw Console.fail("the duty table has \(e.diagnostics.count) error(s)")
        }
    }

    /// The --out folder's name when it is a valid model id (Data/yr2021-citysec/model.json → yr2021-citysec).
    func defaultID(_ url: URL) -> String? {
        let name = url.deletingLastPathComponent().lastPathComponent.lowercased()
        return Identifier.isModelID(name) && name != "data" ? name : nil
    }

    func loadModel(_ url: URL) throws -> Model {
        let result = LibraryLoader().load(paths: [url])
        guard let lib = result.library, var model = lib.models.first, let range = lib.itemRanges.first else {
            for d in result.diagnostics { Console.error(d.rendered) }
            throw Console.fail("\(against ?? url.path): the curated model does not load")
        }
        keptUntilExit.append(lib)
        model.items = Array(lib.items[range])
        model.targets = lib.targets.filter { $0.modelID == model.id }
        return model
    }

    /// The draft to `outURL` and the stored speech beside it as speech.txt, both written whole or not at all.
    func write(_ bytes: [UInt8], input: SpeechInput, speechURL: URL, to outURL: URL) throws {
        let dir = outURL.deletingLastPathComponent()
        let stored = dir.appendingPathComponent("speech.txt").standardizedFileURL
        // The draft is renamed into place; over a device (/dev/null) that would replace the device.
        var info = stat()
        if stat(outURL.path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            throw Console.fail("\(outURL.path) is not a regular file: --out names the draft's model.json, "
                               + "which is written beside its speech.txt; leave --out out to print the draft")
        }
        let text = Data(input.text.utf8)
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            if stored.path == speechURL.path {
                if input.converted {
                    throw Console.fail("\(speech) is \(input.conversionNote ?? "converted"): the library stores speech.txt as UTF-8 with LF line ends, "
                                       + "which would replace the original; write the draft into another folder (--out DIR/model.json)")
                }
            } else if (try? Data(contentsOf: stored)) != text {
                if FileManager.default.fileExists(atPath: stored.path) {
                    throw Console.fail("\(stored.path) exists and is another text: the draft's spans would not point into it; choose another folder")
                }
                try text.write(to: stored, options: .atomic)
            }
            try Data(bytes).write(to: outURL, options: .atomic)
        } catch let e as ExitCode {
            throw e
        } catch {
            throw Console.fail("cannot write \(outURL.path): \(error.localizedDescription)")
        }
        Console.error("riverchief: wrote \(outURL.path) and \(stored.path)")
    }
}
