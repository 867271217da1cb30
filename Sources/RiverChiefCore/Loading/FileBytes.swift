import Foundation

// Reading a whole file into bytes, with the system's reason when it fails.

enum FileBytes {
    struct Failure: Error {
        /// "No such file or directory", "Permission denied", "is a directory", …
        var reason: String
        var missing: Bool
    }

    /// The file's bytes.
    static func read(_ path: String) -> Result<[UInt8], Failure> {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return .failure(failure()) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failure(failure()) }
        if (st.st_mode & S_IFMT) == S_IFDIR { return .failure(Failure(reason: "is a directory", missing: false)) }
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
            if total == bytes.count { bytes.append(contentsOf: repeatElement(0, count: 65536)) }
        }
        bytes.removeLast(bytes.count - total)
        return .success(bytes)
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
        return Failure(reason: String(cString: strerror(e)), missing: e == ENOENT || e == ENOTDIR)
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
