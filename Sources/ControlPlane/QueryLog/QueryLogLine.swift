import DNSServer
import DNSWire
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Route 53's query-log line (DNS-13), space-separated, in this order:
/// `1.0 <timestamp> <hosted-zone-id> <query-name> <query-type> <rcode> <UDP|TCP> <edge> <resolver-ip> <edns-client-subnet|->`,
/// e.g. `1.0 2017-12-13T08:15:50.342Z Z123412341234 bad.example.com A NXDOMAIN UDP DFW3 192.168.3.1 192.168.111.0/24`.
///
/// Lab choices where Route 53 has nothing to copy: the edge location is a fixed `LAB1` (DNS-13 [L]);
/// queries outside every hosted zone (REFUSED, DNS-03), which Route 53 never logs because they
/// never reach a zone's log group, are logged with `-` as the zone ID; a resolver whose address
/// is unknown is `-`.
enum QueryLogLine {
    static let version = "1.0"
    static let edgeLocation = "LAB1"

    /// The line of `record`, with its newline.
    static func format(_ record: QueryLogRecord, into line: inout [UInt8]) {
        append(version, to: &line)
        append(" ", to: &line)
        appendTimestamp(nanoseconds: record.timeNanoseconds, to: &line)
        append(" ", to: &line)
        append(record.zoneID ?? "-", to: &line)
        append(" ", to: &line)
        append(record.name.map(queryName) ?? "-", to: &line)
        append(" ", to: &line)
        append(record.type.description, to: &line)
        append(" ", to: &line)
        append(record.rcode.description, to: &line)
        append(record.transport == .udp ? " UDP " : " TCP ", to: &line)
        append(edgeLocation, to: &line)
        append(" ", to: &line)
        append(record.resolver.map { address(family: $0.family, bytes: $0.bytes) } ?? "-", to: &line)
        append(" ", to: &line)
        if let subnet = record.clientSubnet {
            append(address(family: subnet.family, bytes: subnet.bytes) + "/\(subnet.prefixLength)", to: &line)
        } else {
            append("-", to: &line)
        }
        line.append(UInt8(ascii: "\n"))
    }

    /// The name in presentation form without the final dot, as Route 53 writes it
    /// (`bad.example.com`); the root is `.`. Characters a field cannot hold (space, control bytes)
    /// are escaped `\DDD` by `DomainName.description`, so a line always has ten fields.
    static func queryName(_ name: DomainName) -> String {
        let text = name.description
        return text.count > 1 && text.hasSuffix(".") ? String(text.dropLast()) : text
    }

    /// `2017-12-13T08:16:02.130Z`: ISO-8601, UTC, milliseconds.
    static func appendTimestamp(nanoseconds: Int64, to line: inout [UInt8]) {
        var seconds = time_t(nanoseconds / 1_000_000_000)
        let milliseconds = Int(nanoseconds % 1_000_000_000) / 1_000_000
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let fields: [(Int, Int)] = [(Int(parts.tm_year) + 1900, 4), (Int(parts.tm_mon) + 1, 2), (Int(parts.tm_mday), 2),
                                    (Int(parts.tm_hour), 2), (Int(parts.tm_min), 2), (Int(parts.tm_sec), 2), (milliseconds, 3)]
        let separators = ["-", "-", "T", ":", ":", ".", "Z"]
        for (index, (value, width)) in fields.enumerated() {
            appendDigits(value, width: width, to: &line)
            append(separators[index], to: &line)
        }
    }

    /// `192.0.2.1` / `2001:db8::1` (RFC 5952 through inet_ntop). `bytes` holds 16 bytes; IPv4 uses the first 4.
    static func address(family: UInt8, bytes: [UInt8]) -> String {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let result = bytes.withUnsafeBytes { raw in
            inet_ntop(family == 1 ? AF_INET : AF_INET6, raw.baseAddress, &text, socklen_t(text.count))
        }
        guard result != nil else { return "-" }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func appendDigits(_ value: Int, width: Int, to line: inout [UInt8]) {
        var digits: [UInt8] = []
        var rest = value
        repeat {
            digits.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        while digits.count < width { digits.append(UInt8(ascii: "0")) }
        line.append(contentsOf: digits.reversed())
    }

    private static func append(_ text: String, to line: inout [UInt8]) {
        line.append(contentsOf: text.utf8)
    }
}
