import Foundation

// Reading a whole file into bytes, with the system's reason when it fails.

enum FileBytes {
    struct Failure: Error {
        /// "No such file or directory", "Permission denied", "is a directory", …
        var reason: String
        var missing: Bool
    }

    /// The largest model.json read: 2.9 times the 88 MB of a 100,000-item library
    /// (docs/performance-loading.md), while a runaway file stops long before memory does.
    static let modelLimit = 256 << 20
    /// The largest speech read: 23 times the 11 MB speech of a 100,000-item library.
    static let speechLimit = 64 << 20

    /// The bytes of the regular file at `path`, at most `limit` of them. A FIFO, a device
    /// (/dev/zero), a socket or a directory is refused without reading it (a FIFO is opened
    /// without waiting for a writer), and so is a file larger than `limit`, each with a reason.
    static func read(_ path: String, limit: Int) -> Result<[UInt8], Failure> {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .failure(failure()) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(failure()) }
        if let kind = notRegular(st.st_mode) { return .failure(Failure(reason: kind, missing: false)) }
        if Int(st.st_size) > limit { return .failure(Failure(reason: tooLarge(Int(st.st_size), limit), missing: false)) }
        // A regular file never blocks; reads go on as usual.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        // The size fstat gives, then 64 KiB more at a time for files that report none or grew.
        var bytes = [UInt8](repeating: 0, count: max(Int(st.st_size), 0) + 65536)
        var total = 0
        while true {
            let r = bytes.withUnsafeMutableBytes { buf -> Int in
                guard let base = buf.baseAddress else { return 0 }
                return Foundation.read(fd, base + total, buf.count - total)
            }
            if r < 0 {
                if errno == EINTR { continue }
                return .failure(failure())
            }
            if r == 0 { break }
            total += r
            if total > limit { return .failure(Failure(reason: tooLarge(total, limit) + " (it grew while being read)", missing: false)) }
            if total == bytes.count { bytes.append(contentsOf: repeatElement(0, count: 65536)) }
        }
        bytes.removeLast(bytes.count - total)
        return .success(bytes)
    }

    /// What a file of mode `mode` is when it is not a regular file ("a FIFO (named pipe)", …).
    static func notRegular(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "is a directory"
        case S_IFIFO: return "is a FIFO (named pipe), not a regular file"
        case S_IFCHR: return "is a character device (such as /dev/zero), not a regular file"
        case S_IFBLK: return "is a block device, not a regular file"
        case S_IFSOCK: return "is a socket, not a regular file"
        default: return "is not a regular file"
        }
    }

    static func tooLarge(_ size: Int, _ limit: Int) -> String {
        "is \(megabytes(size)), more than the \(megabytes(limit)) a file of this kind may be; is it the right file?"
    }

    static func megabytes(_ n: Int) -> String {
        n >= 1 << 20 ? "\(n >> 20) MiB" : "\(n) bytes"
    }

    /// The file mapped read-only into memory (no copy: pages are read as they are touched, by
    /// whichever thread touches them), or nil when it cannot be opened, `accept` refuses it, it
    /// is empty or not a regular file. Only for files nobody rewrites in place (a replaced file
    /// keeps its old pages; a file truncated under the map would fault): the library cache, which
    /// is only ever renamed into place and is trusted only when no one else may write it.
    static func map(_ path: String, accept: (stat) -> Bool) -> MappedFile? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, accept(st), (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0 else { return nil }
        let size = Int(st.st_size)
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else { return nil }
        return MappedFile(base: base, count: size)
    }

    private static func failure() -> Failure {
        let e = errno
        if e == ELOOP { return Failure(reason: "is a symbolic link loop (a link that leads back to itself)", missing: false) }
        return Failure(reason: String(cString: strerror(e)), missing: e == ENOENT || e == ENOTDIR)
    }
}

/// Reading a small file of the user's (the dashboard's drafts) the way the loader reads the library:
/// only a regular file, at most `limit` bytes, never blocking on a FIFO.
public enum RegularFile {
    public enum Outcome: Sendable {
        case bytes([UInt8])
        case missing
        /// Why it was not read ("is a FIFO (named pipe), not a regular file", "is 300 MiB, more than …").
        case refused(String)
    }

    public static func read(_ path: String, limit: Int) -> Outcome {
        switch FileBytes.read(path, limit: limit) {
        case .success(let bytes): return .bytes(bytes)
        case .failure(let f): return f.missing ? .missing : .refused(f.reason)
        }
    }
}

/// A read-only memory map of a whole file, unmapped when the last reference goes.
final class MappedFile: @unchecked Sendable {
    private let base: UnsafeMutableRawPointer
    let count: Int

    fileprivate init(base: UnsafeMutableRawPointer, count: Int) {
        self.base = base
        self.count = count
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    deinit { munmap(base, count) }
}
