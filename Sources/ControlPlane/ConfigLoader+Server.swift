import DNSServer
import Logging
import Yams

extension ConfigLoader {
    static let serverKeys = ["DNSListen", "APIListen", "LogLevel", "StateDirectory", "Seed", "APIAccessKeys", "QueryLog"]
    static let accessKeyKeys = ["AccessKeyId", "SecretAccessKey"]

    /// The `Server` section; absent keys keep their defaults (`ServerSettings`).
    static func decodeServer(_ fields: YAMLFields, context: LoadContext) -> ServerSettings {
        var server = ServerSettings()
        if let items = fields.sequence("DNSListen") {
            var addresses: [ListenAddress] = []
            for item in items {
                if let address = listenAddress(item.node, path: item.path, reader: context.reader) {
                    addresses.append(address)
                }
            }
            if items.isEmpty {
                fields.report("DNSListen", "at least one address is required")
            }
            server.dnsListen = addresses
        }
        if let node = fields.node("APIListen"), let address = listenAddress(node, path: fields.path("APIListen"), reader: context.reader) {
            server.apiListen = address
        }
        if let level = fields.choice("LogLevel", Logger.Level.allCases.map(\.rawValue)) {
            server.logLevel = Logger.Level(rawValue: level) ?? .info
        }
        if let directory = fields.string("StateDirectory") {
            if directory.isEmpty {
                fields.report("StateDirectory", "must not be empty")
            }
            server.stateDirectory = directory
        }
        if let seed = fields.unsigned("Seed") {
            server.seed = seed
        }
        if let queryLog = fields.mapping("QueryLog", allowed: queryLogKeys) {
            server.queryLog = decodeQueryLog(queryLog, context: context)
        }
        // Route 53 API credentials (issue 4 item 5): with any configured, every request must be
        // signed with one of them (SigV4).
        for item in fields.sequence("APIAccessKeys") ?? [] {
            guard let key = context.reader.mapping(item.node, path: item.path, allowed: accessKeyKeys),
                  let id = key.string("AccessKeyId", required: true),
                  let secret = key.string("SecretAccessKey", required: true) else { continue }
            if id.isEmpty || id.count > 128 {
                key.report("AccessKeyId", "must be 1 to 128 characters")
            } else if server.apiAccessKeys[id] != nil {
                key.report("AccessKeyId", "\(id) is listed twice")
            } else if secret.isEmpty {
                key.report("SecretAccessKey", "must not be empty")
            } else {
                server.apiAccessKeys[id] = secret
            }
        }
        return server
    }

    static func listenAddress(_ node: Node, path: String, reader: YAMLNodeReader) -> ListenAddress? {
        guard let text = reader.scalar(node, path: path, expected: "HOST:PORT") else { return nil }
        do {
            return try ListenAddress(parsing: text)
        } catch {
            reader.report(line: node.mark?.line, path: path, error.message)
            return nil
        }
    }
}
