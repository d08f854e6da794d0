import Foundation

/// Runs an installed command-line client (`dig`, `kdig`) against the daemon, so interoperability
/// is judged by independent DNS implementations rather than by our own client.
///
/// A missing tool is an error, never a skip: the interoperability tests must fail loudly on a
/// machine where `scripts/install-deps.sh` was not run.
enum ExternalTool {
    struct Missing: Error, CustomStringConvertible {
        let tool: String
        let package: String
        var description: String {
            "\(tool) is not installed (Debian package \(package)); run scripts/install-deps.sh to install the interoperability tools"
        }
    }

    struct Result: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
        /// The command line, for failure messages.
        let commandLine: String
    }

    /// Which Debian package provides each tool (for the failure message).
    static let packages = ["dig": "bind9-dnsutils", "kdig": "knot-dnsutils"]

    /// The absolute path of `tool` found on `PATH` (plus the usual system directories).
    static func path(of tool: String) throws -> String {
        let searchPath = (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/bin:/usr/local/bin:/bin"
        for directory in searchPath.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Missing(tool: tool, package: packages[tool] ?? "unknown")
    }

    /// Runs `tool` with `arguments` to completion. The tools are always given their own timeouts
    /// (`+time=2 +tries=1`); `limit` is only a backstop that kills a hung child so a run stays bounded.
    static func run(_ tool: String, _ arguments: [String], limit: Double = 60) throws -> Result {
        try run(executable: try path(of: tool), arguments, limit: limit)
    }

    /// Runs the program at `executable` to completion, killed (SIGTERM) if still running after
    /// `limit` seconds — e.g. `lab53d` with a configuration it should refuse, which must exit by
    /// itself; a daemon that starts serving instead is stopped and shows `ready` in `stdout`.
    static func run(executable: String, _ arguments: [String], limit: Double = 60) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let watchdog = DispatchWorkItem { [process] in
            if process.isRunning { process.terminate() }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + limit, execute: watchdog)
        let errorText = PipeDrain(err.fileHandleForReading)
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: errorText.wait(), commandLine: ([executable] + arguments).joined(separator: " "))
    }
}

/// Reads a pipe to its end on a separate thread, so a child writing to both pipes never blocks.
private final class PipeDrain: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}
