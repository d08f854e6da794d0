import Foundation

/// A real `lab53d` child process for integration tests (architecture pattern 5): started on
/// port 0, its bound listeners read from the lines it prints, stopped with SIGTERM or SIGKILL.
public final class DaemonProcess: @unchecked Sendable {
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// The listeners the daemon printed (`dns udp 127.0.0.1:40123`, …).
    public private(set) var listeners: [PrintedListener] = []
    public let process: Process
    /// Where this daemon keeps its SQLite state; pass it as `--state-dir` to restart on the same state.
    public let stateDirectory: String
    private let output = LockedBuffers()
    private let temporaryFiles: [URL]

    /// Output collected by the pipe handlers (which run on other threads).
    final class LockedBuffers: @unchecked Sendable {
        private let lock = NSLock()
        private var buffers = (stdout: Data(), stderr: Data())

        func withLock<T>(_ body: (inout (stdout: Data, stderr: Data)) -> T) -> T {
            lock.lock()
            defer { lock.unlock() }
            return body(&buffers)
        }
    }

    /// Path of the `lab53d` built next to the test bundle (or `LAB53D_PATH`).
    public static var executablePath: String {
        if let override = ProcessInfo.processInfo.environment["LAB53D_PATH"] { return override }
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: me).deletingLastPathComponent().appendingPathComponent("lab53d").path
    }

    /// Starts `lab53d` with `arguments` and waits until it prints `ready` (or exits).
    /// `timeout` bounds the wait for start-up only; it is not a performance assertion.
    /// Without `--state-dir` in `arguments`, a fresh temporary state directory is used (and removed
    /// afterwards), so concurrent tests never share a database. `environment` is added to the
    /// test runner's own; `NOTIFY_SOCKET` is never inherited (a runner started by systemd must not
    /// have its daemons talk to that systemd), only passed on purpose (the notify tests).
    public init(arguments: [String], temporaryFiles: [URL] = [], environment: [String: String] = [:], timeout: Double = 60) throws {
        var arguments = arguments
        var temporaryFiles = temporaryFiles
        if let index = arguments.firstIndex(of: "--state-dir"), index + 1 < arguments.count {
            stateDirectory = arguments[index + 1]
        } else {
            let directory = Self.temporaryStateDirectory()
            arguments += ["--state-dir", directory.path]
            temporaryFiles.append(directory)
            stateDirectory = directory.path
        }
        self.temporaryFiles = temporaryFiles
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executablePath)
        process.arguments = arguments
        var inherited = ProcessInfo.processInfo.environment
        inherited["NOTIFY_SOCKET"] = nil
        process.environment = inherited.merging(environment) { _, given in given }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let output = self.output
        out.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            output.withLock { $0.stdout.append(chunk) }
        }
        err.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            output.withLock { $0.stderr.append(chunk) }
        }
        try process.run()
        DaemonRegistry.add(process.processIdentifier)
        DaemonRegistry.removeAtExit(temporaryFiles)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if stdoutText.split(separator: "\n").contains("ready") { break }
            if !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.01)
        }
        guard process.isRunning, stdoutText.split(separator: "\n").contains("ready") else {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
            throw StartError(description: "lab53d did not become ready (status \(process.terminationStatus))\nstdout:\n\(stdoutText)\nstderr:\n\(stderrText)")
        }
        listeners = stdoutText.split(separator: "\n").compactMap { PrintedListener(line: String($0)) }
    }

    /// A new, unique directory name under the temporary directory (not created).
    public static func temporaryStateDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("lab53-state-\(UUID().uuidString)")
    }

    /// Runs `lab53d` to completion (e.g. `--check-config`) and returns status, stdout and stderr.
    public static func run(arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let result = try ProcessRunner.run(executable: executablePath, arguments)
        return (result.status, result.stdout, result.stderr)
    }

    public var stdoutText: String { output.withLock { String(decoding: $0.stdout, as: UTF8.self) } }
    public var stderrText: String { output.withLock { String(decoding: $0.stderr, as: UTF8.self) } }

    /// The first UDP / TCP listener for an address family (`ipv6: true` for `::1`).
    public func listener(_ transport: String, ipv6: Bool = false) -> PrintedListener? {
        listeners.first { $0.transport == transport && $0.host.contains(":") == ipv6 }
    }

    /// Sends `signal` (SIGTERM by default) and waits for the process to exit.
    public func stop(signal: Int32 = SIGTERM) {
        if process.isRunning {
            kill(process.processIdentifier, signal)
        }
        process.waitUntilExit()
        DaemonRegistry.remove(process.processIdentifier)
    }

    public func sendSignal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        DaemonRegistry.remove(process.processIdentifier)
        for file in temporaryFiles { try? FileManager.default.removeItem(at: file) }
    }
}

/// One `dns <transport> <host>:<port>` line of the daemon's start-up output.
public struct PrintedListener: Sendable, Hashable {
    public let transport: String
    public let host: String
    public let port: UInt16

    init?(line: String) {
        let parts = line.split(separator: " ")
        guard parts.count == 3, parts[0] == "dns" else { return nil }
        let address = String(parts[2])
        guard let colon = address.lastIndex(of: ":"), let port = UInt16(address[address.index(after: colon)...]) else { return nil }
        var host = String(address[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        transport = String(parts[1])
        self.host = host
        self.port = port
    }
}
