// What `riverchief list`'s text tree shows of a whole library, straight from the library cache's
// bytes: per speech its id and meeting title, per item its kind, parent, id, marker, title and
// lead unit, as ranges of the mapped cache file. Read by `CachedExport`'s checked pass (every
// checksum, head and item as `list --json` checks them), so a damaged cache gives nil.

/// A whole library's outline as the cache holds it, every string valid UTF-8 (checked).
public final class CachedOutline: @unchecked Sendable {
    /// An item: its kind (index in `ItemKind.allCases`), its parent's position in its speech
    /// (-1: none; -2: written out by id, not by position), and where its strings are.
    public struct Row: Sendable {
        public let kind: UInt8
        public let parent: Int32
        public let id: Range<Int>
        public let marker: Range<Int>?
        public let title: Range<Int>
        public let lead: Range<Int>?
    }

    /// A speech: its id, its meeting's title and its items' rows.
    public struct Speech: Sendable {
        public let id: Range<Int>
        public let title: Range<Int>
        public let rows: [Row]
    }

    /// A unit a speech defines: id, name and short name.
    public struct Unit: Sendable {
        public let id: Range<Int>, name: Range<Int>, shortName: Range<Int>?
    }

    /// Keeps the cache's bytes mapped while the rows are read.
    private let mapped: MappedFile
    private let file: UnsafeRawBufferPointer
    public let speeches: [Speech]
    /// Every speech's units, speech by speech in order (the merged library takes a unit from the
    /// first speech defining its id).
    public let units: [Unit]

    init(file mapped: MappedFile, raw: UnsafeRawBufferPointer, heads: [CachedExport.Head], rows: [[Row]]) {
        self.mapped = mapped
        file = raw
        speeches = zip(heads, rows).map { Speech(id: $0.id, title: $0.title, rows: $1) }
        units = heads.flatMap { h in h.unitIDs.indices.map { Unit(id: h.unitIDs[$0], name: h.unitNames[$0], shortName: h.unitShortNames[$0]) } }
    }

    /// The UTF-8 bytes at `range` (valid only while this outline lives).
    public func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { file.utf8(range) }

    /// The string at `range`.
    public func string(_ range: Range<Int>) -> String { String(decoding: file.utf8(range), as: UTF8.self) }
}
