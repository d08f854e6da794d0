import Foundation

/// Debian's Chromium run headless by a test (issue 5 item 7: "checked in a real headless
/// browser"): `--dump-dom` prints the DOM after the page's scripts ran, `--screenshot` writes a
/// PNG. Every run has its own profile and HOME in a temporary directory (the sandboxed test
/// user may have no writable home), `--no-sandbox` (no user namespaces in containers), and a
/// hard limit after which the browser is killed, so a hung page fails a test instead of hanging it.
///
/// `--virtual-time-budget` makes Chromium run timers and fetches on virtual time and exit once the
/// budget is spent *and* no fetch is pending — so a page holding an EventSource open must close it
/// before the run can end (the status page's `?closeAfter=N`).
public final class HeadlessChromium: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// `chromium` from `$PATH` (Debian's package), or nil when it is not installed.
    public static var executable: String? {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") + ["/usr/bin"]
        for directory in paths {
            for name in ["chromium", "chromium-browser"] {
                let path = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
        }
        return nil
    }

    public let directory: TemporaryDirectory
    private let process = Process()
    private let stdoutURL: URL
    private let stderrURL: URL

    /// Starts Chromium on `url` with `arguments` added to the headless defaults.
    public init(url: String, arguments: [String], virtualTimeBudgetMs: Int = 10_000) throws {
        guard let executable = Self.executable else {
            throw Failure(description: "chromium is not installed (Debian package `chromium`; scripts/install-deps.sh installs it)")
        }
        directory = try TemporaryDirectory()
        stdoutURL = directory.url.appendingPathComponent("stdout.txt")
        stderrURL = directory.url.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--no-default-browser-check", "--disable-extensions", "--disable-background-networking", "--disable-sync",
            "--mute-audio", "--hide-scrollbars", "--user-data-dir=\(directory.url.appendingPathComponent("profile").path)",
            "--virtual-time-budget=\(virtualTimeBudgetMs)",
        ] + arguments + [url]
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = directory.url.path
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        try process.run()
    }

    public var isRunning: Bool { process.isRunning }

    /// Waits for the browser to exit, killing it after `limit` seconds (a bound, not a
    /// performance expectation); returns what it printed.
    public func finish(limit: Double = 90) throws -> String {
        let deadline = Date().addingTimeInterval(limit)
        while process.isRunning && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw Failure(description: "chromium did not finish within \(limit) s\n\(stderrTail)")
        }
        process.waitUntilExit()
        let output = (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            throw Failure(description: "chromium exited with status \(process.terminationStatus)\n\(stderrTail)")
        }
        return output
    }

    /// The end of Chromium's log, for failure messages.
    public var stderrTail: String {
        let text = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
        return String(text.suffix(3000))
    }

    /// Runs to completion: `--dump-dom` of `url` after its scripts ran.
    public static func dumpDOM(_ url: String, virtualTimeBudgetMs: Int = 10_000, limit: Double = 90) throws -> String {
        try HeadlessChromium(url: url, arguments: ["--dump-dom"], virtualTimeBudgetMs: virtualTimeBudgetMs).finish(limit: limit)
    }

    /// Runs to completion: a PNG screenshot of `url` at `width`×`height` written to `path`.
    public static func screenshot(_ url: String, to path: String, width: Int = 1280, height: Int = 900,
                                  virtualTimeBudgetMs: Int = 10_000, limit: Double = 90) throws {
        _ = try HeadlessChromium(url: url, arguments: ["--screenshot=\(path)", "--window-size=\(width),\(height)"],
                                 virtualTimeBudgetMs: virtualTimeBudgetMs).finish(limit: limit)
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        directory.remove()
    }
}
