#if PostgreSQL
import Foundation
import RiverChiefStore

/// Live refresh: a connection of its own that LISTENs on `riverchief_events`, which every append
/// notifies (from any process, on any host, once it commits). Each notification calls `onChange`;
/// so does getting the connection back after the server restarted (what was missed is then read).
/// While the server is unreachable it tries again every second.
final class PostgresWatcher: @unchecked Sendable {
    private let link: PostgresLink
    private let onChange: @Sendable () -> Void
    private let lock = NSLock()
    private var stopped = false

    init(address: PostgresAddress, user: String, onChange: @escaping @Sendable () -> Void) {
        link = PostgresLink(address: address, user: user)
        self.onChange = onChange
    }

    func start() {
        let t = Thread { [self] in loop() }
        t.name = "riverchief.listen"
        t.start()
    }

    func stop() {
        lock.lock(); stopped = true; lock.unlock()
        link.close()
    }

    private var isStopped: Bool { lock.lock(); defer { lock.unlock() }; return stopped }

    private func loop() {
        var listening = false
        var everListened = false
        while !isStopped {
            if !listening || !link.isOpen {
                // The server went away: a look now fails, so the dashboard says so and keeps looking.
                if listening { onChange() }
                do {
                    let notify = onChange
                    try link.listen(PostgresSchema.channel) { _ in notify() }
                    if everListened { onChange() }   // back after a restart: read what was missed
                    listening = true
                    everListened = true
                } catch {
                    listening = false
                    link.close()
                    Thread.sleep(forTimeInterval: 1)
                    continue
                }
            }
            Thread.sleep(forTimeInterval: 0.25)
        }
    }
}

extension PostgresStore {
    /// Calls `onChange` when another connection (any process, any host) appends, through
    /// LISTEN/NOTIFY on a connection of its own. Returns true: changes are pushed, not polled.
    public func watchChanges(_ onChange: @escaping @Sendable () -> Void) -> Bool {
        let w = PostgresWatcher(address: address, user: link.user, onChange: onChange)
        w.start()
        watchers.append(w)
        return true
    }
}
#endif
