/// Every problem found in a configuration, each one line naming file, line, key path and rule:
/// `Config/lab53.yaml:14: HostedZones[0].ResourceRecordSets[2].TTL: 2147483648 is out of range (0…2147483647)`.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [ConfigProblem]

    public init(problems: [ConfigProblem]) {
        self.problems = problems
    }

    /// One problem per line, in file order.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// One located configuration problem.
public struct ConfigProblem: Sendable, Hashable, CustomStringConvertible {
    /// The file as it was named to the loader.
    public var file: String
    /// 1-based line; nil when the problem has no place in the file (e.g. it cannot be read).
    public var line: Int?
    /// Key path such as `HostedZones[0].ResourceRecordSets[2].TTL`; empty for whole-file problems.
    public var path: String
    public var message: String

    public init(file: String, line: Int?, path: String, message: String) {
        self.file = file
        self.line = line
        self.path = path
        self.message = message
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if !path.isEmpty { text += "\(path): " }
        return text + message
    }
}
