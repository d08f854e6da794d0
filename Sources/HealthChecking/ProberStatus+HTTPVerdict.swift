/// The status texts both HTTP probers (the raw `HTTPProbeSession` and the NIO handler that runs
/// HTTPS) derive from how far a response got, so the two report identically (HC-01, HC-02).
extension ProberStatus {
    /// The response's status line, or "response timed out" when no head arrived.
    static func statusLine(of head: HTTPResponseHead?) -> String {
        guard let head else { return responseTimedOut }
        return httpStatus(code: head.statusCode, reasonPhrase: head.reasonPhrase)
    }

    /// Why a string-match probe failed: the search string was not found (HC-02), else the status.
    static func searchFailure(head: HTTPResponseHead?, target: ProbeTarget) -> String {
        if case .http(_, let searchString?) = target.kind { return searchStringNotFound(searchString) }
        return statusLine(of: head)
    }

    /// The failure status of a response the parser rejected; nil for a truncated one, whose
    /// meaning depends on how far it got (the prober's closed-by-peer rule decides).
    static func parseFailure(_ error: HTTPResponseParser.Failure) -> String? {
        switch error {
        case .headTooLarge: responseHeadersTooLarge
        case .malformed(let detail): invalidResponse(detail)
        case .unsupportedEncoding(let coding): unsupportedEncoding(coding)
        case .truncated: nil
        }
    }
}
