import Foundation

/// Verifies AWS Signature Version 4 `Authorization` headers the way a non-S3 AWS service does, for
/// the Route 53 API (API-01: service `route53`).
///
/// Checks run in the order AWS applies them, so a request with several problems gets the error AWS
/// would give first: header present → parameters and date present → date format → clock skew →
/// `Host` signed → algorithm → credential shape → credential scope → access key known → payload
/// hash → signature. Deliberate lab differences: the scope's region may be any non-empty region
/// (clients pointed at a custom endpoint sign with whatever region they are configured for), and
/// `X-Amz-Security-Token` is only a signed header (session credentials pass when their access key is
/// configured). See `SigV4Error` for the codes and messages.
public struct SigV4Verifier: Sendable {
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// Secret access key by access key id.
    private let secrets: [String: String]
    /// Largest accepted difference between the request time and `now`, either way.
    public let allowedSkew: TimeInterval
    /// The service name the credential scope must carry.
    public let service: String

    public init(secrets: [String: String], allowedSkew: TimeInterval = 900, service: String = "route53") {
        self.secrets = secrets
        self.allowedSkew = allowedSkew
        self.service = service
    }

    /// The access key id that signed `request`, or the error AWS would answer with.
    public func verify(_ request: SigV4Request, now: Date) -> Result<String, SigV4Error> {
        guard let header = request.headerValues("authorization").first(where: { !$0.trimmingSpaces().isEmpty }) else {
            return .failure(.missingToken())
        }
        let authorization: SigV4Authorization
        switch SigV4Authorization.parse(header) {
        case .success(let parsed): authorization = parsed
        case .failure(let error): return .failure(error)
        }

        let amzDate = request.header("x-amz-date")
        let httpDate = request.header("date")
        var missing = ""
        if authorization.credential == nil { missing += "Authorization header requires 'Credential' parameter. " }
        if authorization.signature == nil { missing += "Authorization header requires 'Signature' parameter. " }
        if authorization.signedHeaders == nil { missing += "Authorization header requires 'SignedHeaders' parameter. " }
        if amzDate == nil && httpDate == nil {
            missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
        }
        guard missing.isEmpty, let credential = authorization.credential,
              let signature = authorization.signature, let signedHeaders = authorization.signedHeaders else {
            return .failure(.incomplete(missing + "Authorization=" + header.trimmingSpaces()))
        }

        // X-Amz-Date wins over Date when both are present (AWS date handling).
        let rawDate = amzDate ?? httpDate ?? ""
        let parsedDate = amzDate != nil ? SigV4Timestamp.parseBasic(rawDate.trimmingSpaces())
                                        : SigV4Timestamp.parseHTTPDate(rawDate.trimmingSpaces())
        guard let timestamp = parsedDate else {
            return .failure(.incomplete(
                "Date must be in ISO-8601 'basic format'. Got '\(rawDate)'. See http://en.wikipedia.org/wiki/ISO_8601"))
        }
        if let skew = skewError(timestamp, now: now) { return .failure(skew) }

        guard signedHeaders.contains(where: { $0.lowercased() == "host" }) else {
            return .failure(.doesNotMatch(.hostNotSigned, "'Host' must be a 'SignedHeader' in the AWS Authorization."))
        }
        guard authorization.algorithm == Self.algorithm else {
            return .failure(.incomplete(
                "Unsupported AWS 'algorithm': '\(authorization.algorithm)' (only AWS4-HMAC-SHA256 for now). "))
        }

        // AWS ignores trailing slashes when counting the credential's elements.
        var scope = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        while scope.count > 5, scope.last == "" { scope.removeLast() }
        guard scope.count == 5 else {
            return .failure(.incomplete(
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '\(credential)'"))
        }
        let (accessKeyID, scopeDate, region, scopeService, terminator) = (scope[0], scope[1], scope[2], scope[3], scope[4])
        var scopeProblems: [String] = []
        if region.isEmpty { scopeProblems.append("Credential should be scoped to a valid region, not ''.") }
        if scopeService != service { scopeProblems.append("Credential should be scoped to correct service: '\(service)'.") }
        if terminator != "aws4_request" {
            scopeProblems.append("Credential should be scoped with a valid terminator: 'aws4_request', not '\(terminator)'.")
        }
        if scopeDate != timestamp.day {
            scopeProblems.append(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '\(scopeDate)' != '\(timestamp.day)', from '\(timestamp.basic)'.")
        }
        guard scopeProblems.isEmpty else {
            return .failure(.doesNotMatch(.invalidCredentialScope, scopeProblems.joined(separator: " ")))
        }

        guard let secret = secrets[accessKeyID] else { return .failure(.unknownKey()) }

        let payloadHash: String
        switch self.payloadHash(request) {
        case .success(let hash): payloadHash = hash
        case .failure(let error): return .failure(error)
        }

        let canonicalRequest = [
            request.method,
            SigV4Canonical.uri(rawPath: request.rawPath),
            SigV4Canonical.query(rawQuery: request.rawQuery),
            SigV4Canonical.headers(signedHeaders, in: request),
            signedHeaders.joined(separator: ";"),
            payloadHash,
        ].joined(separator: "\n")
        let credentialScope = [scopeDate, region, scopeService, terminator].joined(separator: "/")
        let stringToSign = [Self.algorithm, timestamp.basic, credentialScope,
                            SigV4Crypto.sha256Hex(canonicalRequest.utf8)].joined(separator: "\n")
        let key = SigV4Crypto.signingKey(secret: secret, date: scopeDate, region: region, service: scopeService)
        let expected = SigV4Crypto.hex(SigV4Crypto.hmac(key: key, Array(stringToSign.utf8)))
        guard SigV4Crypto.constantTimeEquals(expected, signature) else {
            return .failure(.doesNotMatch(.signatureMismatch, SigV4Error.signatureMismatchMessage,
                                          canonicalRequest: canonicalRequest, stringToSign: stringToSign))
        }
        return .success(accessKeyID)
    }

    /// AWS's skew messages, e.g. `Signature expired: 20161011T235745Z is now earlier than
    /// 20161011T235755Z (20161012T000255Z - 5 min.)` as Route 53 returned it with
    /// `SignatureDoesNotMatch` 403. Route 53 itself allows 5 minutes; the lab default is 15, the
    /// window most AWS services report.
    private func skewError(_ timestamp: SigV4Timestamp, now: Date) -> SigV4Error? {
        let current = SigV4Timestamp(now)
        let window = Int64(allowedSkew.rounded(.down))
        let earliest = SigV4Timestamp(epochSeconds: current.epochSeconds - window)
        let latest = SigV4Timestamp(epochSeconds: current.epochSeconds + window)
        let span = window % 60 == 0 ? "\(window / 60) min." : "\(window) sec."
        if timestamp.epochSeconds < earliest.epochSeconds {
            return .doesNotMatch(.signatureExpired,
                                 "Signature expired: \(timestamp.basic) is now earlier than \(earliest.basic) (\(current.basic) - \(span))")
        }
        if timestamp.epochSeconds > latest.epochSeconds {
            return .doesNotMatch(.signatureNotYetCurrent,
                                 "Signature not yet current: \(timestamp.basic) is still later than \(latest.basic) (\(current.basic) + \(span))")
        }
        return nil
    }

    /// The payload line of the canonical request: the `X-Amz-Content-SHA256` value when sent (as
    /// botocore signs it), else the body's SHA-256. A sent hash must be the body's hash, or the body
    /// could be swapped under a signature; `UNSIGNED-PAYLOAD` is taken as the client's choice.
    private func payloadHash(_ request: SigV4Request) -> Result<String, SigV4Error> {
        let bodyHash = SigV4Crypto.sha256Hex(request.body)
        guard let sent = request.header("x-amz-content-sha256")?.trimmingSpaces() else { return .success(bodyHash) }
        if sent == "UNSIGNED-PAYLOAD" || sent.lowercased() == bodyHash { return .success(sent) }
        return .failure(.doesNotMatch(.payloadHashMismatch, SigV4Error.signatureMismatchMessage))
    }
}
