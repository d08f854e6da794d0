import Foundation
import Route53Model
import Yams

/// Loads `Config/lab53.yaml` (or JSON, which YAML includes): Route 53's own shapes in PascalCase,
/// unknown keys are errors, and every problem is reported with file, line, key path and rule.
///
/// The same code path serves `lab53d --check-config`, start-up and reload.
public enum ConfigLoader {
    /// Top-level keys.
    static let rootKeys = ["Server", "Lab", "HealthChecks", "HostedZones", "Events"]

    /// Reads and loads the file at `path`; relative paths inside it (`StateDirectory`, `ZoneFile`)
    /// are resolved against the file's directory.
    public static func load(path: String) throws(ConfigError) -> LabConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(problems: [ConfigProblem(file: path, line: nil, path: "",
                                                       message: "cannot read the configuration file: \(error.localizedDescription)")])
        }
        let directory = (path as NSString).deletingLastPathComponent
        return try load(text: text, fileName: path, baseDirectory: directory.isEmpty ? "." : directory)
    }

    /// Loads configuration text. `fileName` only labels the problems; `baseDirectory` anchors
    /// relative paths.
    public static func load(text: String, fileName: String, baseDirectory: String) throws(ConfigError) -> LabConfig {
        let reader = YAMLNodeReader(file: fileName)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ConfigError(problems: [yamlProblem(error, file: fileName)])
        }
        var config = LabConfig()
        if let root, !YAMLNodeReader.isNull(root), let fields = reader.mapping(root, path: "", allowed: rootKeys) {
            var context = LoadContext(reader: reader, baseDirectory: baseDirectory)
            if let server = fields.mapping("Server", allowed: serverKeys) {
                config.server = decodeServer(server, context: context)
            }
            // Health checks and the lab tables first: record sets refer to them (HC-12b, RP-10).
            if let lab = fields.mapping("Lab", allowed: labKeys) {
                (config.lab, config.routingTables) = decodeLab(lab, context: context)
            }
            let checks = decodeHealthChecks(fields.sequence("HealthChecks") ?? [], context: context)
            config.healthChecks = checks.checks
            context.references = ConfigReferences(healthCheckIds: checks.definedIds,
                                                  cidrCollections: config.routingTables.cidrCollections)
            if let zones = fields.sequence("HostedZones") {
                config.hostedZones = decodeZones(zones, seed: config.server.seed, context: context)
            }
            if let events = fields.mapping("Events", allowed: eventsKeys) {
                config.events = decodeEvents(events, context: context)
            }
        }
        // Relative to the config file's directory, default included.
        config.server.stateDirectory = resolve(config.server.stateDirectory, against: baseDirectory)
        guard reader.problems.isEmpty else {
            throw ConfigError(problems: reader.problems.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
        }
        return config
    }

    /// `path` resolved against `base` unless absolute.
    static func resolve(_ path: String, against base: String) -> String {
        if path.hasPrefix("/") || base.isEmpty || base == "." { return path }
        return base.hasSuffix("/") ? base + path : base + "/" + path
    }

    /// A YAML syntax error as one located problem.
    static func yamlProblem(_ error: any Error, file: String) -> ConfigProblem {
        guard let yamlError = error as? YamlError else {
            return ConfigProblem(file: file, line: nil, path: "", message: "YAML error: \(error)")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let around = context.map { " (\($0.text))" } ?? ""
            return ConfigProblem(file: file, line: mark.line, path: "", message: "YAML syntax error: \(problem)\(around)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigProblem(file: file, line: context.mark.line, path: "",
                                 message: "duplicate key \(duplicates.joined(separator: ", ")) in one mapping")
        default:
            return ConfigProblem(file: file, line: nil, path: "", message: "YAML error: \(yamlError)")
        }
    }
}

/// What the decoding steps share.
struct LoadContext {
    let reader: YAMLNodeReader
    let baseDirectory: String
    /// What record sets may refer to, known before the zones are decoded.
    var references = ConfigReferences()
}

/// Health check IDs and CIDR collections defined by the file, for the record-set cross-checks.
struct ConfigReferences {
    /// Every `HealthChecks[].Id`, including entries with other problems (reported once, there).
    var healthCheckIds: Set<String> = []
    var cidrCollections: [CidrCollection] = []
}
