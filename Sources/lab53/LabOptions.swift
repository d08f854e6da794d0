import ArgumentParser

/// Options every lab-API command shares.
struct LabOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The daemon's control listener (Server.APIListen).", valueName: "host:port"))
    var api: String = "127.0.0.1:8053"

    @Option(name: .long, help: "Output format: table (default) or json.")
    var output: OutputFormat = .table

    var client: LabClient { LabClient(api: api) }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}
