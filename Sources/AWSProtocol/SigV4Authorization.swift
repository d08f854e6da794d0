/// The parts of an `Authorization` header such as
/// `AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/route53/aws4_request, SignedHeaders=host;x-amz-date, Signature=…`.
///
/// Parsing is split from verification because AWS reports a missing date together with missing
/// parameters in one `IncompleteSignature` message, and because the API also needs just the access
/// key id when it does not verify at all (the "who changed what" history, API-01 lab mode).
public struct SigV4Authorization: Sendable, Hashable {
    /// The scheme word, e.g. `AWS4-HMAC-SHA256` (or `AWS` for a Signature Version 2 header).
    public let algorithm: String
    /// `Credential` value: `keyid/date/region/service/aws4_request`; nil when absent or empty.
    public let credential: String?
    /// `SignedHeaders` value split on `;`; nil when absent or empty.
    public let signedHeaders: [String]?
    /// `Signature` value (lower-case hex when well formed); nil when absent or empty.
    public let signature: String?

    public init(algorithm: String, credential: String?, signedHeaders: [String]?, signature: String?) {
        self.algorithm = algorithm
        self.credential = credential
        self.signedHeaders = signedHeaders
        self.signature = signature
    }

    /// The access key id: the credential up to its first `/`.
    public var accessKeyID: String? {
        guard let credential, let id = credential.split(separator: "/", omittingEmptySubsequences: false).first,
              !id.isEmpty else { return nil }
        return String(id)
    }

    /// Splits the header the way AWS does: the scheme word, then `key=value` parameters separated by
    /// commas and/or white space. For an `AWS4-*` scheme a parameter without `=` is an
    /// `IncompleteSignature` (AWS: `'…' not a valid key=value pair (missing equal-sign) in
    /// Authorization header: '…'.`); other schemes yield no parameters, so the verifier reports them
    /// as missing, which is what CloudFront answers to a Signature Version 2 header.
    public static func parse(_ header: String) -> Result<SigV4Authorization, SigV4Error> {
        let trimmed = header.trimmingSpaces()
        let scheme = trimmed.prefix { !$0.isWhitespace }
        let rest = trimmed.dropFirst(scheme.count)
        var credential: String?
        var signedHeaders: [String]?
        var signature: String?
        if scheme.hasPrefix("AWS4") {
            for token in rest.split(whereSeparator: { $0 == "," || $0.isWhitespace }) {
                guard let equals = token.firstIndex(of: "=") else {
                    return .failure(.incomplete(
                        "'\(token)' not a valid key=value pair (missing equal-sign) in Authorization header: '\(trimmed)'."))
                }
                let key = token[..<equals]
                let value = String(token[token.index(after: equals)...])
                guard !value.isEmpty else { continue }
                switch key {
                case "Credential" where credential == nil:
                    credential = value
                case "SignedHeaders" where signedHeaders == nil:
                    signedHeaders = value.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
                case "Signature" where signature == nil:
                    signature = value
                default:
                    break
                }
            }
        }
        return .success(SigV4Authorization(algorithm: String(scheme), credential: credential,
                                           signedHeaders: signedHeaders, signature: signature))
    }

    /// Best-effort access key id from any AWS `Authorization` header, without verifying anything:
    /// `Credential=AKID/…` (Signature Version 4) or `AWS AKID:signature` (Version 2). Used to record
    /// who made a change when no keys are configured.
    public static func accessKeyID(fromAuthorizationHeader header: String) -> String? {
        if let range = header.range(of: "Credential=") {
            let id = header[range.upperBound...].prefix { $0 != "/" && $0 != "," && !$0.isWhitespace }
            return id.isEmpty ? nil : String(id)
        }
        let trimmed = header.trimmingSpaces()
        if trimmed.hasPrefix("AWS ") {
            let id = trimmed.dropFirst(4).drop { $0 == " " }.prefix { $0 != ":" && !$0.isWhitespace }
            return id.isEmpty ? nil : String(id)
        }
        return nil
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces, tabs, CR and LF.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}
