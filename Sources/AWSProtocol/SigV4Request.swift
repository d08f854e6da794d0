/// The parts of an HTTP request that Signature Version 4 covers, exactly as they arrived.
///
/// `rawPath` and `rawQuery` must be the percent-encoded forms from the request line, not decoded
/// ones: for a non-S3 service the canonical URI is the received path encoded once more (botocore signs
/// `/2013-04-01/hostedzone/Z%2A1` as `/2013-04-01/hostedzone/Z%252A1`), so a decoded path would verify
/// wrongly. Header names may be in any case; repeated headers are kept as separate entries.
public struct SigV4Request: Sendable {
    public var method: String
    /// Path from the request line, percent-encoded as received, without `?query`.
    public var rawPath: String
    /// Query string from the request line without the leading `?` (empty when there is none).
    public var rawQuery: String
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(method: String, rawPath: String, rawQuery: String = "", headers: [(String, String)],
                body: [UInt8] = []) {
        self.method = method
        self.rawPath = rawPath
        self.rawQuery = rawQuery
        self.headers = headers
        self.body = body
    }

    /// Splits a request target (`/path?query`, as in the request line) at the first `?`.
    public init(method: String, target: String, headers: [(String, String)], body: [UInt8] = []) {
        if let question = target.firstIndex(of: "?") {
            self.init(method: method, rawPath: String(target[..<question]),
                      rawQuery: String(target[target.index(after: question)...]), headers: headers, body: body)
        } else {
            self.init(method: method, rawPath: target, headers: headers, body: body)
        }
    }

    /// Every value of a header, in arrival order; the name is matched case-insensitively.
    public func headerValues(_ name: String) -> [String] {
        let wanted = name.lowercased()
        return headers.compactMap { $0.0.lowercased() == wanted ? $0.1 : nil }
    }

    /// The first value of a header, if present.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.0.lowercased() == wanted }?.1
    }
}
