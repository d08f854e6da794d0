import ArgumentParser
import Foundation

/// `lab53`: the command-line client: DNS queries with our own stub resolver, zones and records
/// through the Route 53 API, health checks, drills, history and the failover timeline through the
/// lab API.
///
/// Exit codes (documented in `lab53 --help`): 0 success; 1 the daemon refused the request (its
/// error code and message are printed) or a local file was unusable; 2 the daemon could not be
/// reached; 64 bad command-line usage.
@main
struct Lab53: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab53",
        abstract: "Command-line client for Lab53.",
        discussion: """
            Exit codes: 0 success; 1 the daemon refused the request (its error code and message are printed) \
            or a local file was unusable; 2 lab53d could not be reached; 64 bad usage.
            """,
        subcommands: [QueryCommand.self, ChecksCommand.self, CheckCommand.self, ForceCommand.self, PauseCommand.self,
                      ResumeCommand.self, FaultCommand.self, AlarmCommand.self, TimelineCommand.self, AnswerCommand.self,
                      DrillCommand.self, ResetCommand.self, HistoryCommand.self, ZonesCommand.self, RecordsCommand.self,
                      WatchCommand.self])

    /// Maps client failures to the documented exit codes; everything else is ArgumentParser's.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let failure as LabClient.Failure {
            FileHandle.standardError.write(Data("lab53: \(failure.description)\n".utf8))
            Foundation.exit(failure.exitCode)
        } catch {
            exit(withError: error)
        }
    }
}
