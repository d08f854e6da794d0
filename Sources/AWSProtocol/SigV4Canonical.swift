/// The canonical-request pieces of Signature Version 4 as a non-S3 AWS service computes them from a
/// received request (and as botocore's `SigV4Auth` computes them when signing).
enum SigV4Canonical {
    /// Canonical URI: dot segments removed and runs of `/` collapsed (RFC 3986 §5.2.4 plus AWS's
    /// rule, as botocore's `remove_dot_segments` does), then every byte except unreserved ones and
    /// `/` percent-encoded. The received path is already encoded, so escapes are encoded a second
    /// time (`%2A` → `%252A`): this double encoding is what botocore signs for every service but S3.
    static func uri(rawPath: String) -> String {
        let path = removeDotSegments(rawPath)
        return percentEncode(path.utf8, keepSlash: true)
    }

    /// Canonical query string: each `name=value` pair decoded and re-encoded with RFC 3986
    /// unreserved characters only, sorted by encoded name then encoded value (byte order), joined with
    /// `&`. A pair without `=` gets an empty value. A raw `+` is read as a space: botocore's own
    /// `AWSRequest(params=…)` path sends `x+y` for a value it signed as `x%20y`.
    static func query(rawQuery: String) -> String {
        var pairs: [(name: [UInt8], value: [UInt8])] = []
        for segment in Array(rawQuery.utf8).split(separator: UInt8(ascii: "&")) {
            let name: ArraySlice<UInt8>
            let value: ArraySlice<UInt8>
            if let equals = segment.firstIndex(of: UInt8(ascii: "=")) {
                name = segment[..<equals]
                value = segment[(equals + 1)...]
            } else {
                name = segment[...]
                value = []
            }
            pairs.append((Array(percentEncode(percentDecode(name), keepSlash: false).utf8),
                          Array(percentEncode(percentDecode(value), keepSlash: false).utf8)))
        }
        pairs.sort { lhs, rhs in
            lhs.name != rhs.name ? lhs.name.lexicographicallyPrecedes(rhs.name) : lhs.value.lexicographicallyPrecedes(rhs.value)
        }
        return pairs.map { String(decoding: $0.name, as: UTF8.self) + "=" + String(decoding: $0.value, as: UTF8.self) }
            .joined(separator: "&")
    }

    /// Canonical headers block: one `name:value` line per signed header, in the order the client
    /// listed them (it lists them sorted), each value trimmed with inner white-space runs collapsed to
    /// one space, and repeated headers joined with `,` in arrival order. Each line ends with `\n`.
    static func headers(_ signedHeaders: [String], in request: SigV4Request) -> String {
        var lines = ""
        for name in signedHeaders {
            let values = request.headerValues(name).map(trimAll)
            lines += name + ":" + values.joined(separator: ",") + "\n"
        }
        return lines
    }

    /// SigV4's Trimall: no leading/trailing white space, inner runs collapsed to a single space.
    static func trimAll(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0B}" || $0 == "\u{0C}" })
            .joined(separator: " ")
    }

    /// botocore's `remove_dot_segments`: drops empty and `.` segments, `..` removes the previous one;
    /// keeps a leading `/` and, when anything is left, a trailing `/`. An empty path becomes `/`.
    static func removeDotSegments(_ path: String) -> String {
        guard !path.isEmpty else { return "/" }
        var output: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) where segment != "." {
            if segment == ".." {
                if !output.isEmpty { output.removeLast() }
            } else {
                output.append(segment)
            }
        }
        let leading = path.hasPrefix("/") ? "/" : ""
        let trailing = path.hasSuffix("/") && !output.isEmpty ? "/" : ""
        let joined = leading + output.joined(separator: "/") + trailing
        return joined.isEmpty ? "/" : joined
    }

    /// RFC 3986 encoding: `A–Z a–z 0–9 - _ . ~` (and `/` when asked) stay, everything else is `%XX`
    /// with upper-case hex.
    static func percentEncode(_ bytes: some Sequence<UInt8>, keepSlash: Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            if isUnreserved(byte) || (keepSlash && byte == UInt8(ascii: "/")) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes `%XX` escapes (either case) and `+` as a space; a `%` not followed by two hex digits
    /// is kept literally, so it is re-encoded as `%25`.
    static func percentDecode(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.endIndex,
               let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return out
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
             UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
