import Foundation

// A per-user binary snapshot of a validated library, so commands and the dashboard start without
// parsing every model.json. The snapshot is only used when its key matches: the same model.json
// files, in the same order, each (and each speech file) with the same size, modification time,
// change time, inode and device as when it was written. Anything else (a stale, damaged,
// half-written, foreign or unreadable file) means the library is loaded from its files, as if
// there were no cache. Files are written to a temporary name and renamed into place, so several
// processes (or users sharing a cache folder) never see a partial one.

/// Where and whether the library cache lives.
public struct LibraryCache: Sendable {
    /// The folder holding the cache files (created on first write, mode 0700).
    public let directory: URL

    /// Bump when `ModelCoding`'s layout or what validation accepts changes: older files are ignored.
    static let formatVersion: UInt64 = 9
    static let magic: [UInt8] = Array("RIVERCHIEF-LIBRARY-CACHE\n".utf8)

    public init(directory: URL) { self.directory = directory }

    /// `$XDG_CACHE_HOME/riverchief`, else `$HOME/.cache/riverchief`; nil when neither is set to an
    /// absolute path or `RIVERCHIEF_NO_CACHE` is set (to anything but empty).
    public static func standard(environment: [String: String]) -> LibraryCache? {
        if let off = environment["RIVERCHIEF_NO_CACHE"], !off.isEmpty { return nil }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return LibraryCache(directory: URL(fileURLWithPath: xdg).appendingPathComponent("riverchief"))
        }
        if let home = environment["HOME"], home.hasPrefix("/") {
            return LibraryCache(directory: URL(fileURLWithPath: home).appendingPathComponent(".cache/riverchief"))
        }
        return nil
    }

    /// The cache file for a library made of these model.json files.
    func file(for models: [String]) -> URL {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in models.joined(separator: "\n").utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return directory.appendingPathComponent("library-\(hex(UInt32(truncatingIfNeeded: h >> 32), 8))\(hex(UInt32(truncatingIfNeeded: h), 8)).bin")
    }

    /// One model's files as they were when it was loaded.
    struct Entry: Equatable {
        var model: FileStamp
        var speech: FileStamp
    }

    /// The models stored for exactly these model.json files, or nil (no cache, stale, damaged).
    /// `outline`: see `ModelCoding.read`.
    func read(models: [String], outline: Bool = false) -> [Model]? {
        guard let (file, after) = open(models: models) else { return nil }
        var s = after
        do {
            // The id list is checked here too (a millisecond at 100,000 ids): a damaged one is then
            // rewritten with the rest, instead of sending every `set` to the full load for good.
            _ = try CachedItemIDs.section(&s)
            // The part index is not used here; a damaged one is not worth a check on every start
            // (a command that reads it checks it, and loads the whole library if it is damaged).
            try Self.skipSection(&s)
            guard try s.int() == s.remaining else { return nil }
            return try withExtendedLifetime(file) { try Self.decodeModels(&s, count: models.count, outline: outline) }
        } catch {
            return nil
        }
    }

    /// The models stored for exactly these model.json files, each with only the items one of the
    /// units `pick` names answers for (in any role) and their ancestors, decoding nothing else;
    /// nil when there is no usable cache or `pick` gives nil. `pick` is given the library without
    /// items (every model's units, targets and meeting), to resolve a unit's name against.
    func readPart(models: [String], units pick: (Library) -> Set<String>?) -> [Model]? {
        guard let (file, after) = open(models: models) else { return nil }
        var s = after
        do {
            try Self.skipSection(&s)
            let index = try LibraryPartIndex(section: UnsafeRawBufferPointer(rebasing: s.buffer[CachedItemIDs.section(&s)]), models: models.count)
            guard try s.int() == s.remaining else { return nil }
            return try withExtendedLifetime(file) { () throws -> [Model]? in
                guard let slices = try Self.slices(&s, count: models.count) else { return nil }
                // Each model's head (its speech too: an item's text is read from it) and, below,
                // each item read, checked against its own checksum: not the whole model.
                var heads: [ModelCoding.Head] = []
                for k in 0..<models.count {
                    let bytes = UnsafeRawBufferPointer(rebasing: s.buffer[slices[k].bytes])
                    guard index.heads[k].check(bytes, speech: true) else { return nil }
                    var one = ByteSource(bytes)
                    heads.append(try ModelCoding.readHead(&one))
                    guard try one.int() == index.itemCount(k), one.offset == index.heads[k].itemsAt else { return nil }
                }
                let bare = Library(models: heads.map { $0.model(items: [], parents: []) })
                guard let units = pick(bare) else { return nil }
                let wanted = try index.positions(of: units)
                return try heads.indices.map { k in
                    let bytes = UnsafeRawBufferPointer(rebasing: s.buffer[slices[k].bytes])
                    var ids = [String](repeating: "", count: index.itemCount(k))
                    var newPosition = [Int32](repeating: -1, count: index.itemCount(k))
                    var items: [Item] = [], parents: [Int32] = []
                    for i in wanted[k] {
                        let parent = index.item(k, i).parent
                        guard let record = index.record(k, i, in: bytes) else { throw CacheCorrupt() }
                        // Within the model's bytes (a count or position is bounded by them), to the
                        // record's end exactly.
                        var r = ByteSource(bytes)
                        r.offset = record.lowerBound
                        let (item, parentAt) = try ModelCoding.readItem(&r, heads[k], itemIDs: &ids, at: i)
                        guard r.offset == record.upperBound, Int(parentAt) == parent else { throw CacheCorrupt() }
                        newPosition[i] = Int32(truncatingIfNeeded: items.count)
                        items.append(item)
                        parents.append(parent >= 0 ? newPosition[parent] : parentAt)
                    }
                    return heads[k].model(items: items, parents: parents)
                }
            }
        } catch {
            return nil
        }
    }

    /// Each stored model's id and meeting (its title, speaker, date), read without decoding or
    /// checking anything after them: what a first screen can show while the whole library loads
    /// (which checks every byte, and replaces this). Nil when there is no usable cache.
    func readMeetings(models: [String]) -> [(id: String, meeting: Meeting)]? {
        guard let (file, after) = open(models: models) else { return nil }
        var s = after
        do {
            try Self.skipSection(&s)
            try Self.skipSection(&s)
            guard try s.int() == s.remaining else { return nil }
            return try withExtendedLifetime(file) { () throws -> [(id: String, meeting: Meeting)]? in
                guard let slices = try Self.slices(&s, count: models.count) else { return nil }
                return try slices.map { slice in
                    var one = ByteSource(UnsafeRawBufferPointer(rebasing: s.buffer[slice.bytes]))
                    return try ModelCoding.readMeeting(&one)
                }
            }
        } catch {
            return nil
        }
    }

    /// Steps over a section written as its length, checksum and bytes, checking nothing.
    static func skipSection(_ s: inout ByteSource) throws {
        let n = try s.int()
        _ = try s.u64()
        guard n <= s.remaining else { throw CacheCorrupt() }
        s.offset += n
    }

    /// The item ids stored for exactly these model.json files, read without decoding a single
    /// model (for a command that only checks that an id exists); nil when there is no usable cache.
    func itemIDs(models: [String]) -> CachedItemIDs? {
        guard let (file, after) = open(models: models) else { return nil }
        var s = after
        return try? CachedItemIDs(file: file, section: CachedItemIDs.section(&s))
    }

    /// The cache file for these model.json files, mapped, and a reader just past its key; nil
    /// unless the file is this format and every file in its key is unchanged.
    func open(models: [String]) -> (MappedFile, ByteSource)? {
        guard let file = FileBytes.map(file(for: models).path, accept: Self.isOwnPrivateFile) else { return nil }
        var s = ByteSource(file.bytes)
        do {
            guard try Self.readHeader(&s) else { return nil }
            let entries = try s.array { s in Entry(model: try FileStamp.read(&s), speech: try FileStamp.read(&s)) }
            guard entries.map(\.model.path) == models else { return nil }
            for e in entries {
                guard FileStamp.of(e.model.path) == e.model, FileStamp.of(e.speech.path) == e.speech else { return nil }
            }
            return (file, s)
        } catch {
            return nil
        }
    }

    /// Stores `models` under `entries` (stamps taken before the files were read). Gives up silently
    /// when a file changed since, or the folder cannot be created or written.
    func write(_ models: [Model], entries: [Entry]) {
        for e in entries {
            guard FileStamp.of(e.model.path) == e.model, FileStamp.of(e.speech.path) == e.speech else { return }
        }
        // Each model with its length and checksum, so they can be checked and decoded side by side.
        var body = ByteSink()
        body.int(models.count)
        var layouts: [ModelCoding.Layout] = [], bodies: [[UInt8]] = []
        for m in models {
            var one = ByteSink()
            layouts.append(ModelCoding.write(m, into: &one))
            body.int(one.bytes.count)
            body.u64(one.bytes.withUnsafeBytes { checksum64($0) })
            body.bytes.append(contentsOf: one.bytes)
            bodies.append(one.bytes)
        }
        var head = ByteSink()
        head.bytes.append(contentsOf: Self.magic)
        head.u64(Self.formatVersion)
        head.array(entries) { s, e in
            e.model.write(&s)
            e.speech.write(&s)
        }
        let ids = CachedItemIDs.blob(models.flatMap { $0.items.map(\.id) })
        head.int(ids.count)
        head.u64(ids.withUnsafeBytes { checksum64($0) })
        head.bytes.append(contentsOf: ids)
        let parts = LibraryPartIndex.blob(models, bodies: bodies, layouts: layouts)
        head.int(parts.count)
        head.u64(parts.withUnsafeBytes { checksum64($0) })
        head.bytes.append(contentsOf: parts)
        head.int(body.bytes.count)
        let url = file(for: entries.map(\.model.path))
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            return
        }
        AtomicFile.removeAbandoned(in: directory.path)
        AtomicFile.write([head.bytes, body.bytes], to: url.path)
    }

    /// The models of the body, each checked against its checksum and decoded on every core
    /// (models are independent); nil unless there are exactly `count` of them and nothing is left
    /// over or damaged.
    static func decodeModels(_ s: inout ByteSource, count: Int, outline: Bool = false) throws -> [Model]? {
        guard let slices = try slices(&s, count: count) else { return nil }
        let workers = min(Parallel.pieces(count, minimum: 1), 8)
        nonisolated(unsafe) let buffer = s.buffer
        let decoded = Parallel.map(workers) { w -> [(Int, Model?)] in
            // Worker w takes every workers-th model, so big and small ones spread evenly.
            stride(from: w, to: count, by: workers).map { k in
                let bytes = UnsafeRawBufferPointer(rebasing: buffer[slices[k].bytes])
                guard checksum64(bytes) == slices[k].sum else { return (k, nil) }
                var one = ByteSource(bytes)
                let m = try? ModelCoding.read(&one, outline: outline)
                return (k, one.remaining == 0 ? m : nil)
            }
        }
        var models = [Model?](repeating: nil, count: count)
        for (k, m) in decoded.joined() { models[k] = m }
        let all = models.compactMap { $0 }
        return all.count == count ? all : nil
    }

    /// Where each model's bytes are in the body, and their checksum; nil unless there are exactly
    /// `count` and nothing is left over.
    static func slices(_ s: inout ByteSource, count: Int) throws -> [(bytes: Range<Int>, sum: UInt64)]? {
        guard try s.int() == count else { return nil }
        var slices: [(bytes: Range<Int>, sum: UInt64)] = []
        for _ in 0..<count {
            let n = try s.int(), sum = try s.u64()
            guard n >= 0, n <= s.remaining else { return nil }
            slices.append((s.offset..<(s.offset + n), sum))
            s.offset += n
        }
        return s.remaining == 0 ? slices : nil
    }

    static func readHeader(_ s: inout ByteSource) throws -> Bool {
        guard s.remaining >= magic.count else { return false }
        for b in magic where try s.u8() != b { return false }
        return try s.u64() == formatVersion
    }

    /// Only a regular file of the current user (or of root: the shared cache `riverchief init`
    /// writes for an installed setgid binary) that nobody else may write is trusted.
    static func isOwnPrivateFile(_ st: stat) -> Bool {
        (st.st_mode & S_IFMT) == S_IFREG && (st.st_uid == geteuid() || st.st_uid == 0) && (st.st_mode & 0o022) == 0
    }
}

/// What identifies one version of a file without reading it.
struct FileStamp: Equatable {
    var path: String
    var size: Int64
    var modified: Int64
    var modifiedNanos: Int64
    var changed: Int64
    var changedNanos: Int64
    var inode: UInt64
    var device: UInt64

    /// The file's stamp now, or nil when it cannot be stat'ed.
    static func of(_ path: String) -> FileStamp? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return FileStamp(path: path, size: Int64(st.st_size),
                         modified: Int64(st.st_mtim.tv_sec), modifiedNanos: Int64(st.st_mtim.tv_nsec),
                         changed: Int64(st.st_ctim.tv_sec), changedNanos: Int64(st.st_ctim.tv_nsec),
                         inode: UInt64(st.st_ino), device: UInt64(st.st_dev))
    }

    func write(_ s: inout ByteSink) {
        s.string(path)
        for v in [size, modified, modifiedNanos, changed, changedNanos] { s.i64(v) }
        s.u64(inode)
        s.u64(device)
    }

    static func read(_ s: inout ByteSource) throws -> FileStamp {
        FileStamp(path: try s.string(), size: try s.i64(), modified: try s.i64(), modifiedNanos: try s.i64(),
                  changed: try s.i64(), changedNanos: try s.i64(), inode: try s.u64(), device: try s.u64())
    }
}

/// Writes a file under a unique temporary name in the same folder, then renames it into place.
enum AtomicFile {
    /// The temporary file's name: this prefix, the writer's process number, "-", a random number.
    static let temporaryPrefix = ".tmp-"

    static func write(_ parts: [[UInt8]], to path: String) {
        let dir = (path as NSString).deletingLastPathComponent
        let tmp = "\(dir)/\(temporaryPrefix)\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { return }
        var ok = true
        for part in parts where ok {
            ok = part.withUnsafeBytes { buf -> Bool in
                var done = 0
                while done < buf.count, let base = buf.baseAddress {
                    let r = Foundation.write(fd, base + done, buf.count - done)
                    if r < 0 && errno == EINTR { continue }
                    guard r > 0 else { return false }
                    done += r
                }
                return true
            }
        }
        if close(fd) != 0 { ok = false }
        if !ok || rename(tmp, path) != 0 { unlink(tmp) }
    }

    /// Removes the temporary files of writers that died before renaming them (a dashboard that quit
    /// or was hung up while its first load wrote the cache: tens of megabytes at 100,000 items,
    /// left for good otherwise). Only a regular file named as `write` names them, whose process is
    /// gone and which nothing has written for `age` seconds (a process of that number in another
    /// PID namespace, or one that took the number since, is still not trusted with a live file).
    static func removeAbandoned(in dir: String, olderThan age: time_t = 600) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        let now = time(nil)
        for name in names where name.hasPrefix(temporaryPrefix) {
            let fields = name.dropFirst(temporaryPrefix.count).split(separator: "-", omittingEmptySubsequences: false)
            guard fields.count == 2, let pid = pid_t(fields[0]), pid > 0, UInt64(fields[1]) != nil else { continue }
            // kill(pid, 0): ESRCH is gone; EPERM is a process of another account, alive.
            guard kill(pid, 0) != 0, errno == ESRCH else { continue }
            var st = stat()
            let path = "\(dir)/\(name)"
            guard lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG, now - st.st_mtim.tv_sec >= age else { continue }
            unlink(path)
        }
    }
}
