import Foundation
import RiverChiefCore
#if canImport(Glibc)
import Glibc
#endif

/// `[roles]` of the system configuration: who is an office administrator, a unit's liaison or a
/// viewer. An entry is an account name (`alice`), a group (`group:rcadmin`) or everyone (`*`).
public struct RoleRules: Equatable, Sendable {
    /// One `[[roles.liaison]]`: a unit (its id or name in the library) and who speaks for it.
    public struct Liaison: Equatable, Sendable {
        public var unit: String
        public var members: [String]
        public init(unit: String, members: [String]) {
            self.unit = unit
            self.members = members
        }
    }

    public var admins: [String] = []
    public var viewers: [String] = []
    public var liaisons: [Liaison] = []

    public init(admins: [String] = [], viewers: [String] = [], liaisons: [Liaison] = []) {
        self.admins = admins
        self.viewers = viewers
        self.liaisons = liaisons
    }

    /// Why `entry` cannot name anyone, or nil when it can.
    static func problem(in entry: String) -> String? {
        let name = entry.hasPrefix("group:") ? String(entry.dropFirst(6)) : entry
        if name.isEmpty { return "names nobody (write an account, group:NAME or *)" }
        if name.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            return "holds a space or a control character"
        }
        return nil
    }

    /// The role of `person`: administrator over liaison over viewer; `.none` when no entry names them.
    public func role(of person: Person) -> Role {
        if admins.contains(where: person.matches) { return .administrator }
        let units = liaisons.filter { $0.members.contains(where: person.matches) }.map(\.unit)
        if !units.isEmpty { return .liaison(units: units) }
        if viewers.contains(where: person.matches) { return .viewer }
        return .none
    }
}

/// A role in the office.
public enum Role: Equatable, Sendable {
    /// May change everything.
    case administrator
    /// May change the tasks these units (as written in the configuration) lead or support, and report on them.
    case liaison(units: [String])
    /// May look, not change.
    case viewer
    /// Named by no entry of `[roles]`.
    case none
}

/// The account a process runs for, from its real uid: the name in the password database and the
/// groups the group database gives that account. Never from the environment.
public struct Person: Equatable, Sendable {
    public var account: String
    public var groups: Set<String>

    public init(account: String, groups: Set<String>) {
        self.account = account
        self.groups = groups
    }

    /// Whether a `[roles]` entry names this person.
    public func matches(_ entry: String) -> Bool {
        if entry == "*" { return true }
        if entry.hasPrefix("group:") { return groups.contains(String(entry.dropFirst(6))) }
        return entry == account
    }

    /// The person of this process's real uid (`getuid`), with the account's groups from the group
    /// database (`getgrouplist`), not the process's own: the same answer however the program was started.
    public static func current() -> Person {
        let uid = getuid()
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16384)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, let r = result, let namePtr = r.pointee.pw_name else {
            return Person(account: "uid\(uid)", groups: [])
        }
        let name = String(cString: namePtr)
        var count: Int32 = 64
        var gids = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(namePtr, r.pointee.pw_gid, &gids, &count) == -1 {
            gids = [gid_t](repeating: 0, count: Int(count))
            _ = getgrouplist(namePtr, r.pointee.pw_gid, &gids, &count)
        }
        var groups = Set<String>()
        for gid in gids.prefix(Int(max(0, count))) {
            if let g = groupName(gid) { groups.insert(g) }
        }
        return Person(account: name.isEmpty ? "uid\(uid)" : name, groups: groups)
    }

    static func groupName(_ gid: gid_t) -> String? {
        var entry = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 16384)
        guard getgrgid_r(gid, &entry, &buffer, buffer.count, &result) == 0, let r = result, let n = r.pointee.gr_name else { return nil }
        return String(cString: n)
    }
}

/// A role applied to a library: which items this person may change, and why not the others.
public struct Authority: Sendable {
    public let person: Person
    public let role: Role
    /// The liaison's units as ids of the library (empty for other roles).
    public let unitIDs: [String]
    /// Their names, for messages.
    public let unitNames: [String]
    let library: Library?

    /// Resolves the liaison's units against the library (by id, name or short name). A unit the
    /// library does not have is an error of the configuration file `file`. Only a liaison needs the library.
    public init(person: Person, role: Role, library: Library?, file: String) throws(ConfigError) {
        self.person = person
        self.role = role
        self.library = library
        var ids: [String] = []
        if case .liaison(let units) = role {
            guard let library else { throw ConfigError(file: file, message: "a liaison's tasks need the model library") }
            for u in units {
                guard let unit = library.unit(u) ?? library.units.first(where: { $0.name == u || $0.shortName == u }) else {
                    throw ConfigError(file: file, message: "[[roles.liaison]] unit \"\(Sanitize.forTerminal(u))\" is not a unit of the model library (use a unit id such as city.water, or its full name)")
                }
                ids.append(unit.id)
            }
        }
        unitIDs = ids
        unitNames = ids.compactMap { library?.unit($0)?.name }
    }

    /// The first of the liaison's units (the dashboard's "my unit"), nil for other roles.
    public var myUnit: String? { unitIDs.first }

    /// The role in words, Chinese and English: "联络员(水利局)" (the units' short names, for the
    /// dashboard's header), "liaison of 市水利局".
    public var label: (zh: String, en: String) {
        switch role {
        case .administrator: return ("管理员", "office administrator")
        case .liaison:
            let short = unitIDs.compactMap { id in library?.unit(id).map { $0.shortName ?? $0.name } }
            return ("联络员(\(short.joined(separator: "、")))", "liaison of \(unitNames.joined(separator: ", "))")
        case .viewer: return ("只读", "viewer")
        case .none: return ("无角色", "no role")
        }
    }

    /// Whether this person may change the item `id`; nil when they may, else why not (Chinese and English).
    public func refusal(itemID id: String) -> (zh: String, en: String)? {
        switch role {
        case .administrator:
            return nil
        case .viewer, .none:
            return ("您(\(person.account))是只读角色,只能查看,不能修改",
                    "you (account \(person.account)) are a viewer: you may look, not change")
        case .liaison:
            guard let item = library?.item(id) else {
                return ("\(id) 不在讲话库中;只有管理员能修改它", "\(id) is not in the model library; only an office administrator may change it")
            }
            let mine = Set(unitIDs)
            let units = ([item.lead].compactMap { $0 } + item.supporting).map(\.unit)
            if item.kind == .task && units.contains(where: mine.contains) { return nil }
            let own = unitNames.joined(separator: "、")
            let lead = item.lead.flatMap { library?.unit($0.unit)?.name }
            let leadZH = lead.map { "此任务由\($0)牵头" } ?? "此项不是您单位牵头或配合的任务"
            let leadEN = lead.map { "it is led by \($0)" } ?? "it is not a task your unit leads or supports"
            return ("您是\(own)的联络员,只能修改本单位牵头或配合的任务;\(leadZH)",
                    "you are the liaison of \(unitNames.joined(separator: ", ")) and may change only the tasks your unit leads or supports; \(leadEN)")
        }
    }

    /// The ids of every item this person may change (a liaison's tasks; nil means all, for an administrator).
    public func changeableIDs() -> Set<String>? {
        switch role {
        case .administrator: return nil
        case .viewer, .none: return []
        case .liaison:
            let mine = Set(unitIDs)
            var ids = Set<String>()
            for item in library?.items ?? [] where item.kind == .task {
                if item.leadUnit.map(mine.contains) == true || item.supportingIDs.contains(where: { mine.contains($0.unit) }) { ids.insert(item.id) }
            }
            return ids
        }
    }
}
