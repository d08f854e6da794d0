import Foundation
import TestSupport

/// Starts `lab53d` and sends it a signal the instant `ready` is read from its stdout pipe, with no
/// polling delay (unlike `DaemonProcess`, which polls every 10 ms) — how a script or supervisor
/// that waits for `ready` and then reloads behaves.
final class ImmediateSignalLaunch {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let process = Process()
    let stateDirectory: URL
    /// The port of the `dns udp 127.0.0.1:PORT` line.
    let udpPort: UInt16

    init(arguments: [String], signal: Int32, limit: Double = 60) throws {
        process.executableURL = URL(fileURLWithPath: DaemonProcess.executablePath)
        stateDirectory = DaemonProcess.temporaryStateDirectory()
        process.arguments = arguments + ["--state-dir", stateDirectory.path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Backstop: a daemon that never prints `ready` is stopped, which ends the read loop (EOF).
        let watchdog = DispatchWorkItem { [process] in
            if process.isRunning { process.terminate() }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + limit, execute: watchdog)
        defer { watchdog.cancel() }
        var text = ""
        while !text.split(separator: "\n").contains("ready") {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard text.split(separator: "\n").contains("ready") else {
            throw Failure(description: "lab53d did not print ready:\n\(text)")
        }
        kill(process.processIdentifier, signal)
        let line = text.split(separator: "\n").first { $0.hasPrefix("dns udp 127.0.0.1:") }
        guard let port = line.flatMap({ UInt16($0.split(separator: ":").last ?? "") }) else {
            throw Failure(description: "no IPv4 UDP listener in:\n\(text)")
        }
        udpPort = port
    }

    func terminate() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    deinit {
        terminate()
        try? FileManager.default.removeItem(at: stateDirectory)
    }
}
