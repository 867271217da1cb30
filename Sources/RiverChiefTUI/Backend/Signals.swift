import Foundation

/// The last terminating signal received (SIGINT, SIGTERM, SIGHUP), 0 if none. Written only by the
/// handler; the runtime polls it between input reads and quits through the normal path, so the
/// terminal is restored.
nonisolated(unsafe) private var receivedSignal: Int32 = 0

public enum Signals {
    /// Installs handlers for SIGINT, SIGTERM and SIGHUP (before ncurses starts, so ncurses keeps them).
    public static func install() {
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { s in receivedSignal = s }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0 // no SA_RESTART: a blocked read returns at once
            sigaction(sig, &action, nil)
        }
    }

    /// The signal received since start-up, if any.
    public static var received: Int32? { receivedSignal == 0 ? nil : receivedSignal }
}
