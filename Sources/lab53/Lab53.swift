import ArgumentParser

/// `lab53`: the command-line client. Today it queries a Lab53 (or any) DNS server with our own
/// stub resolver; the zone, record, health-check and drill commands arrive with the control API.
@main
struct Lab53: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lab53",
        abstract: "Command-line client for Lab53.",
        subcommands: [QueryCommand.self])
}
