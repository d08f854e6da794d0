import Foundation

/// The parts of `dig` / `kdig` output the interoperability tests assert on. Both tools print the
/// header as `status: NOERROR` and `flags: qr aa;` (kdig: `Flags:`), sections under
/// `;; ANSWER SECTION:` and records as whitespace-separated presentation fields.
struct DigOutput {
    /// `NOERROR`, `NXDOMAIN`, `REFUSED`, … of the last response printed.
    var status: String?
    /// The header flags of the last response printed (`qr`, `aa`, `tc`, …).
    var flags: Set<String> = []
    var answer: [DigRecord] = []
    var authority: [DigRecord] = []
    var additional: [DigRecord] = []
    /// `UDP` or `TCP`, from dig's `;; SERVER: … (TCP)` or kdig's `;; From …(TCP)` line.
    var transport: String?
    /// True when dig said it retried over TCP after a truncated UDP answer.
    var retriedOverTCP = false
    let text: String

    /// Parses `text`. When the tool printed several responses (dig after a TC retry prints only the
    /// final one; kdig may print both), the last one wins.
    init(_ text: String) {
        self.text = text
        var section: String?
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(rawLine)
            if line.contains("Truncated, retrying in TCP mode") { retriedOverTCP = true }
            if line.contains("->>HEADER<<-") {
                status = Self.value(after: "status: ", in: line)
                answer = []
                authority = []
                additional = []
                section = nil
                continue
            }
            // The header line (`;; flags: qr aa; QUERY: 1, …`), not kdig's EDNS line, which also says `flags:`.
            if let range = line.range(of: "flags: ", options: .caseInsensitive), line.hasPrefix(";;"), line.contains("QUERY:") {
                let rest = line[range.upperBound...]
                let flagText = rest.split(separator: ";", maxSplits: 1).first ?? ""
                flags = Set(flagText.split(separator: " ").map(String.init))
                continue
            }
            if line.hasPrefix(";; SERVER:") || line.hasPrefix(";; From ") {
                transport = line.contains("(TCP)") ? "TCP" : line.contains("(UDP)") ? "UDP" : nil
                continue
            }
            if line.hasPrefix(";; ") && line.hasSuffix(" SECTION:") {
                section = String(line.dropFirst(3).dropLast(" SECTION:".count))
                continue
            }
            if line.isEmpty || line.hasPrefix(";") {
                if line.isEmpty { section = nil }
                continue
            }
            guard let record = DigRecord(line) else { continue }
            switch section {
            case "ANSWER": answer.append(record)
            case "AUTHORITY": authority.append(record)
            case "ADDITIONAL": additional.append(record)
            default: break
            }
        }
    }

    private static func value(after marker: String, in line: String) -> String? {
        guard let range = line.range(of: marker) else { return nil }
        let rest = line[range.upperBound...]
        return rest.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " }).first.map(String.init)
    }
}

/// One record line of dig output: `owner TTL class type rdata…`.
struct DigRecord: Hashable, CustomStringConvertible {
    var owner: String
    var ttl: UInt32
    var rrClass: String
    var type: String
    /// The RDATA fields joined by single spaces.
    var rdata: String

    init?(_ line: String) {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count >= 4, let ttl = UInt32(fields[1]) else { return nil }
        owner = fields[0].lowercased()
        self.ttl = ttl
        rrClass = fields[2]
        type = fields[3]
        rdata = fields.dropFirst(4).joined(separator: " ")
    }

    var description: String { "\(owner) \(ttl) \(rrClass) \(type) \(rdata)" }
}
