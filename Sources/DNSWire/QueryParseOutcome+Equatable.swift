// Equality for tests and callers that compare outcomes. `Query.name` compares case-insensitively,
// like `DomainName` everywhere; compare `name.wire` to check the received case.
extension Query: Equatable {
    public static func == (lhs: Query, rhs: Query) -> Bool {
        lhs.id == rhs.id && lhs.opcode == rhs.opcode && lhs.recursionDesired == rhs.recursionDesired
            && lhs.checkingDisabled == rhs.checkingDisabled && lhs.name == rhs.name && lhs.type == rhs.type
            && lhs.rrClass == rhs.rrClass && lhs.edns == rhs.edns
    }
}

extension QueryParseOutcome: Equatable {
    public static func == (lhs: QueryParseOutcome, rhs: QueryParseOutcome) -> Bool {
        switch (lhs, rhs) {
        case let (.query(left), .query(right)):
            left == right
        case let (.formatError(leftID, leftOpcode, leftRD), .formatError(rightID, rightOpcode, rightRD)):
            leftID == rightID && leftOpcode == rightOpcode && leftRD == rightRD
        case let (.notImplemented(leftID, leftFlags), .notImplemented(rightID, rightFlags)):
            leftID == rightID && leftFlags == rightFlags
        case (.drop, .drop):
            true
        default:
            false
        }
    }
}
