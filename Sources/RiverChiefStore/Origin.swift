import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who makes a change and from where: recorded on every event for the audit trail.
public struct Origin: Sendable, Equatable {
    /// The operating-system account name, from the process's uid (`getpwuid(getuid())`).
    public var account: String
    /// The numeric uid the account name was read from.
    public var uid: Int
    /// The host name of the machine that made the change.
    public var host: String?
    /// The SSH client's address (from `SSH_CLIENT`, else `SSH_CONNECTION`), when the session came over SSH.
    public var sshClient: String?

    /// An explicit origin (tests, tools that act for someone).
    public init(account: String, uid: Int, host: String? = nil, sshClient: String? = nil) {
        self.account = account
        self.uid = uid
        self.host = host
        self.sshClient = sshClient
    }

    /// The origin of this process: the account of its real uid (not `$USER`, which anyone can set),
    /// the host name, and the SSH client address when there is one.
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> Origin {
        let uid = getuid()
        return Origin(account: accountName(uid: uid), uid: Int(uid),
                      host: hostName(), sshClient: sshClient(environment: environment))
    }

    /// The account name of `uid` from the password database, or `uid<N>` when it has no entry.
    public static func accountName(uid: uid_t) -> String {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        if getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, let r = result, let name = r.pointee.pw_name {
            let s = String(cString: name)
            if !s.isEmpty { return s }
        }
        return "uid\(uid)"
    }

    /// The SSH client address: the first word of `SSH_CLIENT` ("ip port serverport") or of `SSH_CONNECTION`.
    public static func sshClient(environment: [String: String]) -> String? {
        for key in ["SSH_CLIENT", "SSH_CONNECTION"] {
            if let v = environment[key], let first = v.split(separator: " ").first, !first.isEmpty {
                return String(first)
            }
        }
        return nil
    }

    static func hostName() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        let s = String(cString: buffer)
        return s.isEmpty ? nil : s
    }
}
