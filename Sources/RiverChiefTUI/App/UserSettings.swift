import Foundation
import RiverChiefCore

/// One person's own dashboard settings, kept in their own file (never in the shared database):
/// `$XDG_STATE_HOME/riverchief/settings.json` (default `~/.local/state/riverchief/settings.json`),
/// mode 600, written atomically.
/// - `myUnit`: the unit whose tasks the dashboard opens on ("my tasks"), set with `U` in the unit view;
/// - `lastLooked` and `unseen`: how far this person has looked at colleagues' changes, so the next
///   dashboard marks what changed since (until it is seen).
public struct UserSettings: Codable, Equatable, Sendable {
    public var version = 1
    public var myUnit: String?
    /// The newest event id of the states the last dashboard showed.
    public var lastLooked: Int64?
    /// Items changed by others that the last dashboard showed marked and were not yet seen.
    public var unseen: [String] = []

    public init(myUnit: String? = nil, lastLooked: Int64? = nil, unseen: [String] = []) {
        self.myUnit = myUnit
        self.lastLooked = lastLooked
        self.unseen = unseen
    }
}

/// The file `UserSettings` live in.
public struct UserSettingsFile: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// `$XDG_STATE_HOME/riverchief/settings.json`, default `~/.local/state/riverchief/settings.json`.
    public static func standardPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base: String
        if let x = environment["XDG_STATE_HOME"], !x.isEmpty {
            base = x
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            base = home + "/.local/state"
        }
        return base + "/riverchief/settings.json"
    }

    /// The settings; defaults when the file is missing, and a message when it is damaged (it is
    /// kept aside as `.damaged`, never silently dropped). With `eachUnseen`, the unseen ids are
    /// handed to it one by one (and the settings given have none).
    public func load(eachUnseen: ((String) -> Void)? = nil) -> (settings: UserSettings, problem: String?) {
        guard let data = FileManager.default.contents(atPath: path) else { return (UserSettings(), nil) }
        do {
            // The shape this program writes, read straight; anything else as the decoder reads it.
            if let read = data.withUnsafeBytes({ UserSettings.read(json: $0, eachUnseen: eachUnseen) }) { return (read, nil) }
            var decoded = try JSONDecoder().decode(UserSettings.self, from: data)
            if let each = eachUnseen {
                decoded.unseen.forEach(each)
                decoded.unseen = []
            }
            return (decoded, nil)
        } catch {
            let aside = path + ".damaged"
            try? FileManager.default.removeItem(atPath: aside)
            try? FileManager.default.moveItem(atPath: path, toPath: aside)
            return (UserSettings(), "the settings file \(path) could not be read; it was kept as \(aside)")
        }
    }

    /// Writes the settings (a new file, mode 600, renamed over the old). Returns a message when it
    /// cannot be written.
    @discardableResult
    public func save(_ settings: UserSettings) -> String? {
        PrivateFile.write(to: path, what: "the settings") { Data(settings.json) }
    }
}

extension UserSettings {
    /// The settings as `JSONEncoder` writes them (sorted keys, indented, slashes as they are),
    /// byte for byte, written straight: the encoder first builds a tree of every unseen id, 2 MiB
    /// at the peak for a person with 80,000 of them.
    var json: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + unseen.reduce(0) { $0 + $1.utf8.count + 8 })
        out.append(contentsOf: "{\n".utf8)
        if let l = lastLooked { out.append(contentsOf: "  \"lastLooked\" : \(l),\n".utf8) }
        if let u = myUnit {
            out.append(contentsOf: "  \"myUnit\" : ".utf8)
            Self.appendString(u, to: &out)
            out.append(contentsOf: ",\n".utf8)
        }
        out.append(contentsOf: "  \"unseen\" : [\n".utf8)
        for (k, id) in unseen.enumerated() {
            out.append(contentsOf: "    ".utf8)
            Self.appendString(id, to: &out)
            if k < unseen.count - 1 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\n"))
        }
        if unseen.isEmpty { out.append(UInt8(ascii: "\n")) }
        out.append(contentsOf: "  ],\n  \"version\" : \(version)\n}".utf8)
        return out
    }

    /// A JSON string as `JSONEncoder` writes it: quote and backslash escaped, the control
    /// characters as \b \f \n \r \t or \u00xx, everything else as it is.
    static func appendString(_ s: String, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x08: out += [0x5C, UInt8(ascii: "b")]
            case 0x0C: out += [0x5C, UInt8(ascii: "f")]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0..<0x20: out += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]]
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension AppState {
    /// Opens on "my tasks": the status view of `unit`'s tasks (leads, supports, answers for), overdue
    /// and behind first. `unit` is a unit id or name; nil when the library has no such unit.
    @discardableResult
    public mutating func openOnMyUnit(_ unit: String) -> String? {
        guard let u = library.units.first(where: { $0.id == unit || $0.name == unit || $0.shortName == unit }) else { return nil }
        myUnit = u.id
        view = .status
        focus = .main
        setFilter(&self, .unit(u.id))
        if statusRows.position(statusCursor.selected) == nil {
            statusCursor.select(1, count: statusRows.count, height: layout.mainListHeight)
        }
        message = settings.t("我的单位 \(Sanitize.forTerminal(u.name)) 的任务(F 看全部;单位视图中 U 更改)",
                             "my unit \(Sanitize.forTerminal(u.name))'s tasks (F shows all; U in the unit view changes it)")
        return u.id
    }

    /// Colleagues' changes not yet seen: `changed` items whose last change is someone else's.
    mutating func markUnseen<S: Sequence>(_ changed: S) where S.Element == String {
        for id in changed {
            if let i = library.itemIndex[id], let s = states[position: i], let by = s.updatedBy, by != settings.user { unseen.insert(i) }
        }
    }

    /// Marks the items others changed after `lastLooked` (once the states are there).
    mutating func markChangedSinceLastLooked() {
        guard let last = lastLooked else { return }
        // By position, not by id: before the first frame, where the library's index by id is not built yet.
        states.forEach { position, _, s in
            if let i = position, (s.lastEventID ?? 0) > last, let by = s.updatedBy, by != settings.user { unseen.insert(i) }
        }
    }

    /// The task the detail pane shows has been seen.
    mutating func markShownSeen() {
        guard !unseen.isEmpty, let i = detailItem else { return }
        unseen.remove(i)
    }

    /// The settings to keep for the next dashboard.
    public var userSettingsToKeep: UserSettings {
        // Nothing recorded yet is "looked at everything" (0): tomorrow marks all that others record.
        UserSettings(myUnit: myUnit, lastLooked: states.lastEventID ?? lastLooked ?? 0,
                     unseen: unseen.positions.map { library.items[$0].id }.sorted())
    }
}
