import Route53Model
import Yams

extension ConfigLoader {
    /// The keys of one `HealthChecks` entry: the lab's identity keys and Route 53's `HealthCheckConfig`.
    static let healthCheckKeys = ["Id", "CallerReference", "HealthCheckConfig"]
    /// Route 53's `HealthCheckConfig` keys (HC-02), in the API model's order.
    static let healthCheckConfigKeys = [
        "IPAddress", "Port", "Type", "ResourcePath", "FullyQualifiedDomainName", "SearchString", "RequestInterval",
        "FailureThreshold", "MeasureLatency", "Inverted", "Disabled", "HealthThreshold", "ChildHealthChecks", "EnableSNI",
        "Regions", "AlarmIdentifier", "InsufficientDataHealthStatus", "RoutingControlArn",
    ]
    static let alarmIdentifierKeys = ["Region", "Name"]
    /// Config IDs appear bare in API paths (`/2013-04-01/healthcheck/<id>`, HC-11), hence URL-safe characters.
    static let healthCheckIdCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")

    /// A decoded entry awaiting the checks that need every entry (CALCULATED children).
    struct PendingHealthCheck {
        var check: HealthCheck
        /// Lines by `HealthCheckConfig` field path; `path` is the `HealthCheckConfig` mapping's.
        var location: RecordSetLocation
        /// Paths that differ from `location.path` + field: children are sorted by the model (HC-02),
        /// so `ChildHealthChecks[i]` of the model is reported at the file's own index.
        var fieldPaths: [String: String]
    }

    /// `HealthChecks`: pass 1 decodes every entry (Route 53 defaults applied by `HealthCheckConfig`),
    /// pass 2 validates each with `HealthCheckValidator` knowing every check (HC-09 children).
    /// `definedIds` holds every Id written, valid entry or not, so a record set naming a check whose
    /// own entry is wrong is not reported a second time.
    static func decodeHealthChecks(_ items: [(node: Node, path: String)], context: LoadContext)
        -> (checks: [HealthCheck], definedIds: Set<String>) {
        let reader = context.reader
        var pending: [PendingHealthCheck] = []
        var definedIds: Set<String> = []
        var references: Set<String> = []
        // Types known even for entries with other problems, so their children rules still apply.
        var knownTypes: [String: HealthCheckType] = [:]
        for item in items {
            guard let fields = reader.mapping(item.node, path: item.path, allowed: healthCheckKeys) else { continue }
            let id = fields.string("Id", required: true)
            var idIsUsable = false
            if let id {
                if !(1...RecordSetValidator.maximumHealthCheckIdLength).contains(id.count) || !id.allSatisfy(healthCheckIdCharacters.contains) {
                    fields.report("Id", "\(id) must be 1 to 64 characters of A-Z a-z 0-9 - _ . ~ (record sets and API paths use it)")
                } else if !definedIds.insert(id).inserted {
                    fields.report("Id", "\(id) is already the Id of another health check")
                } else {
                    idIsUsable = true
                }
            }
            let explicitReference = fields.string("CallerReference")
            if let explicitReference {
                for issue in HealthCheckValidator.callerReferenceIssues(explicitReference) {
                    fields.report("CallerReference", issue.message)
                }
            }
            // Default: the Id, so a config gives the same check on every start (HC-11).
            if let reference = explicitReference ?? (idIsUsable ? id : nil), !references.insert(reference).inserted {
                if explicitReference != nil {
                    fields.report("CallerReference", "\(reference) is already the CallerReference of another health check (HC-11)")
                } else {
                    fields.report("Id", "\(reference) is already the CallerReference of another health check; give this one a distinct CallerReference (HC-11)")
                }
            }
            guard let configFields = fields.mapping("HealthCheckConfig", allowed: healthCheckConfigKeys, required: true),
                  let decoded = decodeHealthCheckConfig(configFields, knownType: { type in
                      if let id, knownTypes[id] == nil { knownTypes[id] = type }
                  }) else { continue }
            guard fields.isClean, let id else { continue }
            pending.append(PendingHealthCheck(check: HealthCheck(id: id, callerReference: explicitReference ?? id, config: decoded.config),
                                              location: decoded.location, fieldPaths: decoded.fieldPaths))
        }
        for entry in pending {
            let issues = HealthCheckValidator.validate(entry.check.config, id: entry.check.id,
                                                       minimumInterval: HealthCheckValidator.configMinimumInterval) { child in
                // An Id whose entry has a broken Type still exists; only its type is unknown.
                knownTypes[child] ?? (definedIds.contains(child) ? .http : nil)
            }
            for issue in issues {
                let path = issue.field.map { entry.fieldPaths[$0] ?? YAMLFields.join(entry.location.path, $0) } ?? entry.location.path
                reader.report(line: entry.location.line(for: issue.field), path: path, issue.explained)
            }
        }
        return (pending.map(\.check), definedIds)
    }

    /// One `HealthCheckConfig` mapping → the model value (defaults applied) with its field lines, or
    /// nil when a key or value is wrong. `knownType` receives the type as soon as it parses.
    static func decodeHealthCheckConfig(_ fields: YAMLFields, knownType: (HealthCheckType) -> Void)
        -> (config: HealthCheckConfig, location: RecordSetLocation, fieldPaths: [String: String])? {
        var location = RecordSetLocation(path: fields.path, line: fields.line, fieldLines: [:])
        for key in healthCheckConfigKeys where fields.has(key) {
            location.fieldLines[key] = fields.line(key)
        }
        var type: HealthCheckType?
        if let text = fields.string("Type", required: true) {
            do {
                let parsed = try HealthCheckValidator.type(text)
                knownType(parsed)
                type = parsed
            } catch {
                error.issues.forEach { fields.report("Type", $0.message) }
            }
        }
        let wide = Int64(Int32.min)...Int64(Int32.max)
        let port = fields.integer("Port", in: wide).map(Int.init)
        let interval = number(fields, "RequestInterval")
        let failureThreshold = fields.integer("FailureThreshold", in: wide).map(Int.init)
        let healthThreshold = fields.integer("HealthThreshold", in: wide).map(Int.init)
        let children = stringList(fields, "ChildHealthChecks", location: &location)
        let regions = stringList(fields, "Regions", location: &location)
        var alarm: AlarmIdentifier?
        if let alarmFields = fields.mapping("AlarmIdentifier", allowed: alarmIdentifierKeys) {
            for key in alarmIdentifierKeys where alarmFields.has(key) {
                location.fieldLines["AlarmIdentifier.\(key)"] = alarmFields.line(key)
            }
            if let region = alarmFields.string("Region", required: true), let name = alarmFields.string("Name", required: true) {
                alarm = AlarmIdentifier(region: region, name: name)
            }
        }
        var insufficientData: InsufficientDataHealthStatus?
        if let text = fields.string("InsufficientDataHealthStatus") {
            do {
                insufficientData = try HealthCheckValidator.insufficientDataHealthStatus(text)
            } catch {
                error.issues.forEach { fields.report("InsufficientDataHealthStatus", $0.message) }
            }
        }
        let flags = (measureLatency: fields.bool("MeasureLatency"), inverted: fields.bool("Inverted"),
                     disabled: fields.bool("Disabled"), enableSNI: fields.bool("EnableSNI"))
        let texts = (ipAddress: fields.string("IPAddress"), resourcePath: fields.string("ResourcePath"),
                     domainName: fields.string("FullyQualifiedDomainName"), searchString: fields.string("SearchString"),
                     routingControlArn: fields.string("RoutingControlArn"))
        guard fields.isClean, let type else { return nil }
        let config = HealthCheckConfig(
            type: type, ipAddress: texts.ipAddress, port: port, resourcePath: texts.resourcePath,
            fullyQualifiedDomainName: texts.domainName, searchString: texts.searchString, requestInterval: interval ?? 30,
            failureThreshold: failureThreshold ?? 3, measureLatency: flags.measureLatency ?? false, inverted: flags.inverted ?? false,
            disabled: flags.disabled ?? false, healthThreshold: healthThreshold, childHealthChecks: children?.map(\.value) ?? [],
            enableSNI: flags.enableSNI, regions: regions?.map(\.value) ?? HealthCheckConfig.allRegions, alarmIdentifier: alarm,
            insufficientDataHealthStatus: insufficientData, routingControlArn: texts.routingControlArn)
        // The model sorts children (HC-02); report each at its own place in the file.
        var fieldPaths: [String: String] = [:]
        for (sortedIndex, fileIndex) in fileIndices(children ?? [], sorted: config.childHealthChecks).enumerated() {
            location.fieldLines["ChildHealthChecks[\(sortedIndex)]"] = children?[fileIndex].line
            fieldPaths["ChildHealthChecks[\(sortedIndex)]"] = children?[fileIndex].path
        }
        return (config, location, fieldPaths)
    }

    /// The scalars of a list with their key paths, each line recorded as `Key[i]`.
    static func stringList(_ fields: YAMLFields, _ key: String, location: inout RecordSetLocation)
        -> [(value: String, path: String, line: Int?)]? {
        guard let items = fields.sequence(key) else { return nil }
        var values: [(value: String, path: String, line: Int?)] = []
        for item in items {
            guard let text = fields.reader.scalar(item.node, path: item.path) else { continue }
            values.append((text, item.path, item.node.mark?.line))
        }
        if key != "ChildHealthChecks" {
            for (index, value) in values.enumerated() { location.fieldLines["\(key)[\(index)]"] = value.line }
        }
        return values
    }

    /// For each child of the model's sorted list, the file entry it came from (the k-th occurrence of
    /// an Id maps to its k-th occurrence in the file).
    private static func fileIndices(_ children: [(value: String, path: String, line: Int?)], sorted: [String]) -> [Int] {
        var used = Set<Int>()
        return sorted.map { id in
            let index = children.indices.first { children[$0].value == id && !used.contains($0) } ?? 0
            used.insert(index)
            return index
        }
    }

    /// A finite decimal number (`1`, `0.5`, `-122.42`); anything else is reported.
    static func number(_ fields: YAMLFields, _ key: String) -> Double? {
        guard let text = fields.string(key) else { return nil }
        let decimal = !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }
        guard decimal, let value = Double(text), value.isFinite else {
            fields.report(key, "\(text) is not a number")
            return nil
        }
        return value
    }

    /// Record-set references to things defined elsewhere in the file: `HealthCheckId` (HC-12b) and
    /// `CidrRoutingConfig` (RP-10).
    static func checkReferences(_ set: ResourceRecordSet, path: String, location: RecordSetLocation, context: LoadContext) {
        if let id = set.healthCheckId, !context.references.healthCheckIds.contains(id),
           (1...RecordSetValidator.maximumHealthCheckIdLength).contains(id.count) {
            let identifier = set.setIdentifier.map { ", SetIdentifier \($0)" } ?? ""
            context.reader.report(line: location.line(for: "HealthCheckId"), path: YAMLFields.join(path, "HealthCheckId"),
                                  "\(Route53Message.noSuchHealthCheck(id: id)) (record set \(set.name.route53Description) \(set.type)\(identifier): no HealthChecks entry has this Id, HC-12b)")
        }
        if case .cidr(let config) = set.routing {
            checkCidrReference(config, path: path, location: location, context: context)
        }
    }
}
