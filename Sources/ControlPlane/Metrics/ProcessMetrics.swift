import Foundation

/// The standard `process_*` metrics of the daemon (Prometheus client conventions), read from
/// `/proc/self` at scrape time: cheap, and nothing to keep up to date in between.
struct ProcessMetrics {
    var residentMemoryBytes: Double
    var virtualMemoryBytes: Double
    var cpuSeconds: Double
    var startTimeSeconds: Double
    var openFileDescriptors: Double
    var maxFileDescriptors: Double

    /// Nil where `/proc` is missing or unreadable (not Linux).
    static func current() -> ProcessMetrics? {
        guard let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command name (which may hold spaces), numbered as in proc(5) from 3.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        func field(_ number: Int) -> Double { Double(fields[number - 3]) ?? 0 }
        guard fields.count >= 22 else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        let openDescriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? 0
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        return ProcessMetrics(residentMemoryBytes: field(24) * pageSize, virtualMemoryBytes: field(23),
                              cpuSeconds: (field(14) + field(15)) / ticks,
                              startTimeSeconds: bootTime() + field(22) / ticks,
                              openFileDescriptors: Double(openDescriptors), maxFileDescriptors: Double(limit.rlim_cur))
    }

    /// Boot time in seconds since 1970: now minus the time since boot (CLOCK_BOOTTIME, the clock
    /// proc(5)'s `starttime` counts on). Not read from /proc/stat, which the systemd unit's
    /// `ProcSubset=pid` hides.
    private static func bootTime() -> Double {
        var sinceBoot = timespec()
        var now = timespec()
        guard clock_gettime(CLOCK_BOOTTIME, &sinceBoot) == 0, clock_gettime(CLOCK_REALTIME, &now) == 0 else { return 0 }
        return Double(now.tv_sec - sinceBoot.tv_sec) + Double(now.tv_nsec - sinceBoot.tv_nsec) / 1e9
    }
}
