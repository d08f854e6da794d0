import DNSWire
import ZoneText

/// Route 53's text fields (`Name`, `Type`, `TTL`, `ResourceRecord/Value`) → model values, with the
/// API's error messages. Shared by the config loader, zone import and the REST API.
public enum RecordSetText {
    /// Largest TTL (RR-07).
    public static let maximumTTL: Int64 = 2_147_483_647
    /// Longest `Value` (RR-09).
    public static let maximumValueLength = 4000
    /// Longest DNS name string in the API (RR-02).
    public static let maximumNameLength = 1024

    /// A record-set or alias-target name (RR-02): `\ooo` escapes are **octal**, the trailing dot is
    /// optional, the result is lower-cased. Raw bytes outside printable ASCII must be escaped.
    public static func name(_ text: String) throws(ValidationFailure) -> DomainName {
        func fail(_ code: String, _ description: String) -> ValidationFailure {
            ValidationFailure(ValidationIssue(message: "Invalid DNS name: 'FATAL problem: \(code) (\(description)) encountered with '\(text)''"))
        }
        guard text.utf8.count <= maximumNameLength else {
            throw ValidationFailure(ValidationIssue(code: Route53Error.invalidInput,
                                                    message: Route53Message.tooLong(text, maximum: maximumNameLength, type: "DNSName")))
        }
        guard text.utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
            throw fail("UnsupportedCharacter", "Value contains unsupported characters")
        }
        do {
            return try DomainName(text, escapeRadix: 8).lowercased()
        } catch {
            switch error {
            case .emptyLabel: throw fail("DomainLabelEmpty", "Domain label is empty")
            case .labelTooLong: throw fail("DomainLabelTooLong", "Domain label is too long")
            case .nameTooLong: throw fail("DomainNameTooLong", "Domain name is too long")
            case .badEscape, .truncated, .trailingBytes: throw fail("InvalidCharacterEscape", "Value contains an invalid escape sequence")
            }
        }
    }

    /// A `Type` (RR-06). The API's enumeration is case-sensitive.
    public static func type(_ text: String) throws(ValidationFailure) -> RRType {
        if let type = RRType(mnemonic: text), type.description == text, RRType.route53Types.contains(type) {
            return type
        }
        throw ValidationFailure(ValidationIssue(code: Route53Error.invalidInput,
                                                message: Route53Message.notInEnumeration(text, RRType.route53Types.map(\.description))))
    }

    /// A `TTL` (RR-07): 0…2147483647.
    public static func ttl(_ value: Int64) throws(ValidationFailure) -> UInt32 {
        guard value >= 0 else {
            throw ValidationFailure(ValidationIssue(code: Route53Error.invalidInput,
                                                    message: "Invalid XML ; cvc-minInclusive-valid: Value '\(value)' is not facet-valid with respect to minInclusive '0' for type 'TTL'.",
                                                    field: "TTL"))
        }
        guard value <= maximumTTL else {
            throw ValidationFailure(ValidationIssue(code: Route53Error.invalidInput,
                                                    message: Route53Message.aboveMaximum(String(value), maximum: String(maximumTTL), type: "TTL"),
                                                    field: "TTL"))
        }
        return UInt32(value)
    }

    /// One `ResourceRecord/Value` of `type` (RR-06 formats) → text + wire RDATA. Names inside values
    /// are fully qualified whether or not they end in a dot (RR-06), hence origin root; `\ooo`
    /// escapes are octal as everywhere in the API (RR-09). Malformed values fail with the RR-15 message.
    public static func value(_ text: String, type: RRType) throws(ValidationFailure) -> RecordValue {
        guard text.count <= maximumValueLength else {
            throw ValidationFailure(ValidationIssue(code: Route53Error.invalidInput,
                                                    message: Route53Message.tooLong(text, maximum: maximumValueLength, type: "RData")))
        }
        do {
            let rdata = try RDataText.parse(type: type, text: text, origin: .root, escapeRadix: 8)
            return RecordValue(text: text, rdata: rdata)
        } catch _ {
            let (code, description) = valueProblem(for: type)
            // The RR-15 message alone: it names the value and the type's rule, and stays stable
            // whatever libldns reports.
            throw ValidationFailure(ValidationIssue(message: Route53Message.invalidValue(code: code, description: description, value: text)))
        }
    }

    /// The RR-15 `<Code> (<description>)` pair for a malformed value of `type`. A and AAAA are
    /// observed [O]; the others follow the same shape [L].
    public static func valueProblem(for type: RRType) -> (code: String, description: String) {
        switch type {
        case .a: ("ARRDATAIllegalIPv4Address", "Value is not a valid IPv4 address")
        case .aaaa: ("AAAARRDATAIllegalIPv6Address", "Value is not a valid IPv6 address")
        case .cname, .ns, .ptr: ("\(type)RRDATAIllegalDomainName", "Value is not a valid domain name")
        default: ("\(type)RRDATAIllegalValue", "Value is not a valid \(type) record")
        }
    }

    /// Builds a record set from its text fields, collecting every problem (each issue's `field` names
    /// the offending field: `Name`, `Type`, `TTL`, `ResourceRecords[i].Value`, `AliasTarget.DNSName`).
    /// Only conversion happens here; the rules of §2–§4 are applied by `RecordSetValidator` and
    /// `ZoneValidator`.
    public static func recordSet(_ fields: RecordSetFields) throws(ValidationFailure) -> ResourceRecordSet {
        var issues: [ValidationIssue] = []
        func attempt<T>(_ field: String, _ body: () throws(ValidationFailure) -> T) -> T? {
            do {
                return try body()
            } catch {
                issues += error.issues.map { var issue = $0; issue.field = field; return issue }
                return nil
            }
        }
        let name = attempt("Name") { () throws(ValidationFailure) in try RecordSetText.name(fields.name) }
        let type = attempt("Type") { () throws(ValidationFailure) in try RecordSetText.type(fields.type) }
        let ttl = fields.ttl.flatMap { value in attempt("TTL") { () throws(ValidationFailure) in try RecordSetText.ttl(value) } }
        var records: [RecordValue] = []
        if let type {
            for (index, text) in fields.values.enumerated() {
                if let value = attempt("ResourceRecords[\(index)].Value", { () throws(ValidationFailure) in try RecordSetText.value(text, type: type) }) {
                    records.append(value)
                }
            }
        }
        var alias: AliasTarget?
        if let target = fields.aliasTarget {
            let dnsName = attempt("AliasTarget.DNSName") { () throws(ValidationFailure) in try RecordSetText.name(target.dnsName) }
            if let dnsName {
                alias = AliasTarget(hostedZoneId: target.hostedZoneId, dnsName: dnsName,
                                    evaluateTargetHealth: target.evaluateTargetHealth)
            }
        }
        guard issues.isEmpty, let name, let type else { throw ValidationFailure(issues) }
        return ResourceRecordSet(name: name, type: type, ttl: ttl, records: records, aliasTarget: alias,
                                 setIdentifier: fields.setIdentifier, routing: fields.routing,
                                 healthCheckId: fields.healthCheckId)
    }
}

/// A record set as text fields, the way ChangeResourceRecordSets and the config file give it.
public struct RecordSetFields: Sendable, Hashable {
    public var name: String
    public var type: String
    public var ttl: Int64?
    /// The `ResourceRecords/ResourceRecord/Value` strings.
    public var values: [String]
    public var aliasTarget: AliasTargetFields?
    public var setIdentifier: String?
    public var routing: RoutingPolicy
    public var healthCheckId: String?

    public init(name: String, type: String, ttl: Int64? = nil, values: [String] = [], aliasTarget: AliasTargetFields? = nil,
                setIdentifier: String? = nil, routing: RoutingPolicy = .simple, healthCheckId: String? = nil) {
        self.name = name
        self.type = type
        self.ttl = ttl
        self.values = values
        self.aliasTarget = aliasTarget
        self.setIdentifier = setIdentifier
        self.routing = routing
        self.healthCheckId = healthCheckId
    }
}

/// `AliasTarget` as text fields (AL-01).
public struct AliasTargetFields: Sendable, Hashable {
    public var hostedZoneId: String
    public var dnsName: String
    public var evaluateTargetHealth: Bool

    public init(hostedZoneId: String, dnsName: String, evaluateTargetHealth: Bool) {
        self.hostedZoneId = hostedZoneId
        self.dnsName = dnsName
        self.evaluateTargetHealth = evaluateTargetHealth
    }
}
