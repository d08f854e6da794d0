/// Why a request's Signature Version 4 authentication was refused, carrying the error exactly as AWS
/// returns it so the API can put `code` and `message` into Route 53's `<ErrorResponse>` (API-05) with
/// `httpStatus`, and botocore raises the same `ClientError` code it would against AWS.
///
/// Codes and messages (all `Type` `Sender`):
/// - `MissingAuthenticationToken` 403 `Missing Authentication Token` — no `Authorization` header
///   (the REST-XML wording, as CloudFront returns it; JSON/Query services say "Request is missing
///   Authentication Token").
/// - `IncompleteSignature` 400 — header present but unusable: missing `Credential`/`Signature`/
///   `SignedHeaders`/date, a part without `=`, a date not in ISO-8601 basic format, a credential
///   without 5 parts, an algorithm other than `AWS4-HMAC-SHA256`.
/// - `SignatureDoesNotMatch` 403 — clock skew (`Signature expired: …` / `Signature not yet current: …`,
///   observed from Route 53 with this code), a wrong credential scope (service, terminator, date),
///   `Host` not signed, a payload hash that does not match the body, and a wrong signature.
/// - `InvalidClientTokenId` 403 `The security token included in the request is invalid.` — unknown
///   access key (Route 53's observed response).
public struct SigV4Error: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        case missingAuthenticationToken
        case incompleteSignature
        case signatureExpired
        case signatureNotYetCurrent
        case hostNotSigned
        case invalidCredentialScope
        case unknownAccessKey
        case payloadHashMismatch
        case signatureMismatch
    }

    public let reason: Reason
    /// AWS error code for `<Code>`.
    public let code: String
    /// AWS message for `<Message>`.
    public let message: String
    public let httpStatus: Int
    /// The canonical request and string to sign the lab computed, for server logs when a signature
    /// does not match. AWS does not put them in Route 53's error message, so neither should the API.
    public let canonicalRequest: String?
    public let stringToSign: String?

    /// `<Type>` of the error envelope: every authentication failure is the caller's.
    public var type: String { "Sender" }

    public init(reason: Reason, code: String, message: String, httpStatus: Int,
                canonicalRequest: String? = nil, stringToSign: String? = nil) {
        self.reason = reason
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.canonicalRequest = canonicalRequest
        self.stringToSign = stringToSign
    }

    public var description: String { "\(httpStatus) \(code): \(message)" }

    static let signatureMismatchMessage = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."

    static func missingToken() -> SigV4Error {
        SigV4Error(reason: .missingAuthenticationToken, code: "MissingAuthenticationToken",
                   message: "Missing Authentication Token", httpStatus: 403)
    }

    static func incomplete(_ message: String) -> SigV4Error {
        SigV4Error(reason: .incompleteSignature, code: "IncompleteSignature", message: message, httpStatus: 400)
    }

    static func doesNotMatch(_ reason: Reason, _ message: String, canonicalRequest: String? = nil,
                             stringToSign: String? = nil) -> SigV4Error {
        SigV4Error(reason: reason, code: "SignatureDoesNotMatch", message: message, httpStatus: 403,
                   canonicalRequest: canonicalRequest, stringToSign: stringToSign)
    }

    static func unknownKey() -> SigV4Error {
        SigV4Error(reason: .unknownAccessKey, code: "InvalidClientTokenId",
                   message: "The security token included in the request is invalid.", httpStatus: 403)
    }
}
