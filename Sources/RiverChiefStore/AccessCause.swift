import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why this process cannot write the database: the file's or directory's mode, owner or group,
/// a read-only file system — the real cause, so a member of the group is never told to join it.
enum AccessCause {
    /// The cause for a database `path` in `directory` that this process may not write.
    static func readOnly(path: String, directory: String) -> String {
        if !Store.canAccess(path, W_OK) { return explain(path, kind: "the file") }
        for p in [directory, path + "-wal", path + "-shm"] where !Store.canAccess(p, W_OK) {
            return explain(p, kind: p == directory ? "its directory" : "the file")
        }
        return "SQLite refused to open it for writing"
    }

    /// One file's mode, owner and group against this process's ids.
    static func explain(_ p: String, kind: String) -> String {
        var st = stat()
        guard stat(p, &st) == 0 else { return "\(kind) \(p) cannot be examined (\(String(cString: strerror(errno))))" }
        var fs = statvfs()
        if statvfs(p, &fs) == 0, (fs.f_flag & UInt(ST_RDONLY)) != 0 {
            return "\(kind) \(p) is on a file system mounted read-only"
        }
        let mode = String(format: "%04o", Int(st.st_mode & 0o7777))
        let owner = userName(st.st_uid), group = groupName(st.st_gid)
        let facts = "\(kind) \(p) is mode \(mode), owner \(owner), group \(group)"
        let isDir = (st.st_mode & S_IFMT) == S_IFDIR
        let fix = isDir ? "chmod g+rwx" : "chmod g+w"
        if geteuid() == st.st_uid {
            return "\(facts): even its owner (you) may not write it; the office can fix it with `chmod u+w \(p)`"
        }
        if processGroups().contains(st.st_gid) {
            if (st.st_mode & 0o020) == 0 {
                return "\(facts): you are in group \(group), but the group may not write it; the office can fix it with `\(fix) \(p)`"
            }
            return "\(facts), and you are in group \(group), yet writing is refused (an ACL or a security module?)"
        }
        return "\(facts), and you are not the owner nor in group \(group); ask the office for the role you need (docs/shared-server.md)"
    }

    /// The effective group and the supplementary groups of this process.
    static func processGroups() -> Set<gid_t> {
        var out: Set<gid_t> = [getegid()]
        let n = getgroups(0, nil)
        if n > 0 {
            var list = [gid_t](repeating: 0, count: Int(n))
            let got = getgroups(n, &list)
            if got > 0 { out.formUnion(list.prefix(Int(got))) }
        }
        return out
    }

    static func userName(_ uid: uid_t) -> String { Origin.accountName(uid: uid) }

    static func groupName(_ gid: gid_t) -> String {
        var entry = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 4096)
        if getgrgid_r(gid, &entry, &buffer, buffer.count, &result) == 0, let r = result, let n = r.pointee.gr_name {
            return String(cString: n)
        }
        return "gid\(gid)"
    }
}
