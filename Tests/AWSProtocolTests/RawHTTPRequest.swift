import AWSProtocol

/// Turns a request written the way the AWS SigV4 test suite writes its `.txt` files
/// (`METHOD target HTTP/1.1`, `Name:value` lines, a blank line, the body) into a `SigV4Request`.
/// Header values are kept exactly as written, leading spaces included, since trimming them is part
/// of what the verifier must do.
enum RawHTTPRequest {
    static func parse(_ text: String) -> SigV4Request {
        let (head, body) = split(text)
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let requestLine = lines.removeFirst()
        let method = String(requestLine.prefix { $0 != " " })
        var target = String(requestLine.dropFirst(method.count + 1))
        if target.hasSuffix(" HTTP/1.1") { target.removeLast(" HTTP/1.1".count) }
        let headers: [(String, String)] = lines.compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), String(line[line.index(after: colon)...]))
        }
        return SigV4Request(method: method, target: target, headers: headers, body: Array(body.utf8))
    }

    private static func split(_ text: String) -> (String, String) {
        guard let range = text.range(of: "\n\n") else { return (text, "") }
        return (String(text[..<range.lowerBound]), String(text[range.upperBound...]))
    }
}

extension SigV4Request {
    /// A copy with one header replaced (or added when absent); name matched case-insensitively.
    func replacingHeader(_ name: String, with value: String?) -> SigV4Request {
        var copy = self
        let lower = name.lowercased()
        let had = copy.headers.contains { $0.0.lowercased() == lower }
        copy.headers = copy.headers.compactMap { header in
            guard header.0.lowercased() == lower else { return header }
            return value.map { (header.0, $0) }
        }
        if !had, let value { copy.headers.append((name, value)) }
        return copy
    }
}
