import Foundation
import TestSupport

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

    typealias Result = ProcessRunner.Result

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

    /// Runs the program at `executable` to completion (bounded by `limit`; see `ProcessRunner`).
    static func run(executable: String, _ arguments: [String], limit: Double = 60) throws -> Result {
        try ProcessRunner.run(executable: executable, arguments, limit: limit)
    }
}
