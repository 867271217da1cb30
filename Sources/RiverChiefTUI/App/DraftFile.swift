import Foundation
import RiverChiefCore

/// Progress reports begun in the dashboard and not yet recorded, kept in this user's own file
/// across sessions: an SSH connection that drops (SIGHUP) or a `q` with a report still open loses
/// nothing; the next dashboard says how many are waiting and `a` on the task opens its draft.
public struct DraftFile: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// Far more than any person's drafts (a report is a few kilobytes).
    static let limit = 16 << 20

    struct Contents: Codable {
        var version = 1
        /// Item id → the report's four parts (work done, next steps, problems, support needed).
        var drafts: [String: [String]]
    }

    /// The drafts in the file; none when it is missing. A damaged file is kept aside (renamed with
    /// `.damaged`) and reported, never silently dropped.
    public func load() -> (drafts: [String: [String]], problem: String?) {
        // A FIFO or a device in its place is left alone, not read (it would hang or fill memory).
        let data: Data
        switch RegularFile.read(path, limit: Self.limit) {
        case .missing: return ([:], nil)
        case .refused(let reason): return ([:], "the drafts file was not read: it \(reason): \(path)")
        case .bytes(let bytes): data = Data(bytes)
        }
        do {
            let c = try JSONDecoder().decode(Contents.self, from: data)
            return (c.drafts.filter { !$0.value.allSatisfy(\.isEmpty) }, nil)
        } catch {
            let aside = path + ".damaged"
            try? FileManager.default.removeItem(atPath: aside)
            try? FileManager.default.moveItem(atPath: path, toPath: aside)
            return ([:], "the drafts file \(path) could not be read; it was kept as \(aside)")
        }
    }

    /// Writes this session's `drafts` into the file, merged with what another dashboard of the same
    /// user may have saved meanwhile; `removing` are drafts this session loaded and has since
    /// recorded or emptied. The file is removed when nothing is left. Atomic: a new file renamed
    /// over the old, readable by this user only. Returns a message when it cannot be written.
    @discardableResult
    public func save(_ drafts: [String: [String]], removing: Set<String> = []) -> String? {
        let fm = FileManager.default
        var merged: [String: [String]] = [:]
        switch RegularFile.read(path, limit: Self.limit) {
        case .refused(let reason): return "the drafts were not saved: their file \(reason): \(path)"
        case .bytes(let bytes): if let c = try? JSONDecoder().decode(Contents.self, from: Data(bytes)) { merged = c.drafts }
        case .missing: break
        }
        for id in removing { merged[id] = nil }
        for (id, parts) in drafts { merged[id] = parts }
        let kept = merged.filter { !$0.value.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        if kept.isEmpty {
            if fm.fileExists(atPath: path) { try? fm.removeItem(atPath: path) }
            return nil
        }
        return PrivateFile.write(Contents(drafts: kept), to: path, what: "the drafts")
    }
}

extension AppState {
    /// Every draft, with the report open in a form (if any) included as it stands.
    public var draftsToKeep: [String: [String]] {
        var out = drafts
        if case .form(let f) = mode, f.kind == .note {
            out[library.items[f.item].id] = f.fields.map(\.text)
        }
        return out
    }
}
