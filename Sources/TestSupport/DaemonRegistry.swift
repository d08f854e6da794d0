import Foundation

/// Process IDs of running daemons, killed when the test process exits, so a daemon kept in a
/// `static` for a whole suite never outlives the test run.
enum DaemonRegistry {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var pids: Set<Int32> = []
    nonisolated(unsafe) private static var installed = false
    nonisolated(unsafe) private static var temporaryFiles: [URL] = []

    /// Files removed at exit, for daemons kept in a `static` (whose deinit never runs).
    static func removeAtExit(_ files: [URL]) {
        lock.lock()
        defer { lock.unlock() }
        temporaryFiles += files
    }

    static func add(_ pid: Int32) {
        lock.lock()
        defer { lock.unlock() }
        pids.insert(pid)
        if !installed {
            installed = true
            atexit { DaemonRegistry.killAll() }
        }
    }

    static func remove(_ pid: Int32) {
        lock.lock()
        defer { lock.unlock() }
        pids.remove(pid)
    }

    private static func killAll() {
        lock.lock()
        defer { lock.unlock() }
        for pid in pids { kill(pid, SIGKILL) }
        pids.removeAll()
        for file in temporaryFiles { try? FileManager.default.removeItem(at: file) }
        temporaryFiles.removeAll()
    }
}
