/// An error as the Route 53 API reports it (API-05): a code, one or more messages, an HTTP status.
///
/// `InvalidChangeBatch` carries every problem found in a batch; its wire `message` is the bracketed,
/// `", "`-joined list (API-05). Every other code carries one plain message.
public struct Route53Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// The `<Code>` element, e.g. `InvalidChangeBatch`, `InvalidInput`, `InvalidDomainName`.
    public var code: String
    /// The individual problems, in the order they were found.
    public var messages: [String]
    /// The HTTP status the API answers with (API-05 table).
    public var httpStatus: Int

    /// `httpStatus` defaults to the status the API-05 table assigns to `code` (400 when unlisted).
    public init(code: String, messages: [String], httpStatus: Int? = nil) {
        self.code = code
        self.messages = messages
        self.httpStatus = httpStatus ?? Route53Error.status(forCode: code)
    }

    /// One-message convenience.
    public init(code: String, message: String, httpStatus: Int? = nil) {
        self.init(code: code, messages: [message], httpStatus: httpStatus)
    }

    /// The `<Message>` text: `[m1, m2]` for InvalidChangeBatch (API-05), the plain message otherwise.
    public var message: String {
        code == Route53Error.invalidChangeBatch
            ? "[" + messages.joined(separator: ", ") + "]"
            : messages.joined(separator: ", ")
    }

    public var description: String { "\(code): \(message)" }

    /// `InvalidChangeBatch`, the code of every batch-semantics problem (API-06).
    public static let invalidChangeBatch = "InvalidChangeBatch"
    /// `InvalidInput`, the code of schema/shape problems (RR-07, RP-01).
    public static let invalidInput = "InvalidInput"
    /// `InvalidDomainName`, for hosted-zone names (HZ-12).
    public static let invalidDomainName = "InvalidDomainName"

    /// HTTP status by code (API-05).
    public static func status(forCode code: String) -> Int {
        switch code {
        case "NotAuthorizedException": 401
        case "NoSuchHostedZone", "NoSuchHealthCheck", "NoSuchChange", "NoSuchGeoLocation",
             "NoSuchCidrCollectionException", "NoSuchQueryLoggingConfig": 404
        case "HostedZoneAlreadyExists", "HealthCheckAlreadyExists", "HealthCheckVersionMismatch",
             "QueryLoggingConfigAlreadyExists", "KeySigningKeyAlreadyExists": 409
        default: 400
        }
    }
}

extension Route53Error {
    /// Combines validation issues into the one error the API returns. Shape errors (`InvalidInput`)
    /// are detected before batch semantics on the real service, so the first of them wins; otherwise
    /// every issue becomes one message of an `InvalidChangeBatch` (API-05). Nil when `issues` is empty.
    public init?(issues: [ValidationIssue]) {
        guard !issues.isEmpty else { return nil }
        if let shape = issues.first(where: { $0.code != Route53Error.invalidChangeBatch }) {
            self.init(code: shape.code, message: shape.message)
        } else {
            self.init(code: Route53Error.invalidChangeBatch, messages: issues.map(\.message))
        }
    }
}

/// One problem found by the record-set or zone validation, located in the zone for callers (the
/// config loader, zone import, the API) that must point at the offending input.
public struct ValidationIssue: Sendable, Hashable, CustomStringConvertible {
    /// `InvalidChangeBatch`, `InvalidInput`, …
    public var code: String
    /// The exact Route 53 message (API-06), or a lab message of the same shape where AWS's is unknown.
    public var message: String
    /// Index into `HostedZone.recordSets` of the record set concerned; nil for zone-wide problems.
    public var recordSetIndex: Int?
    /// The Route 53 field within the record set, as a key path (`TTL`, `AliasTarget.DNSName`,
    /// `ResourceRecords[1].Value`); nil when the record set as a whole is at fault.
    public var field: String?
    /// A lab explanation for terse AWS messages such as `Invalid request` (shown by the config loader,
    /// not sent by the API).
    public var detail: String?

    public init(code: String = Route53Error.invalidChangeBatch, message: String, recordSetIndex: Int? = nil,
                field: String? = nil, detail: String? = nil) {
        self.code = code
        self.message = message
        self.recordSetIndex = recordSetIndex
        self.field = field
        self.detail = detail
    }

    /// The message followed by the lab detail in parentheses, when there is one.
    public var explained: String {
        guard let detail else { return message }
        return "\(message) (\(detail))"
    }

    public var description: String { "\(code): \(explained)" }
}
