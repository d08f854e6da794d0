import Foundation

/// Runs a program to completion with its output captured — `lab53d --check-config`, `lab53`,
/// `dig`, `kdig` — killing it (SIGTERM) if it is still running after `limit` seconds, so every
/// run stays bounded. Both pipes are drained concurrently, so a chatty child never blocks.
public enum ProcessRunner {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        /// The command line, for failure messages.
        public let commandLine: String
    }

    public static func run(executable: String, _ arguments: [String], limit: Double = 60) throws -> Result {
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

/// Reads a pipe to its end on a separate thread.
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
