import ArgumentParser

/// `lab53`: the command-line client: DNS queries with our own stub resolver, and health checks,
/// drills and the failover timeline through the daemon's lab API. Zone and record commands arrive
/// with the Route 53 API.
@main
struct Lab53: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab53",
        abstract: "Command-line client for Lab53.",
        subcommands: [QueryCommand.self, ChecksCommand.self, CheckCommand.self, ForceCommand.self, PauseCommand.self,
                      ResumeCommand.self, FaultCommand.self, AlarmCommand.self, TimelineCommand.self, AnswerCommand.self,
                      DrillCommand.self, ResetCommand.self, HistoryCommand.self])
}
