/// One or more validation issues, thrown where all problems of an input are collected at once.
public struct ValidationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var issues: [ValidationIssue]

    public init(_ issues: [ValidationIssue]) {
        self.issues = issues
    }

    public init(_ issue: ValidationIssue) {
        self.issues = [issue]
    }

    /// The messages alone, in order.
    public var messages: [String] { issues.map(\.message) }

    /// The single error the API would return for these issues (API-05).
    public var route53Error: Route53Error {
        Route53Error(issues: issues) ?? Route53Error(code: Route53Error.invalidChangeBatch, messages: [])
    }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
