import DNSWire
import ZoneText

/// Renders a response the way `dig` lays it out, so output can be compared by eye.
enum DigStyle {
    static func render(_ message: Message) -> String {
        var flags: [String] = []
        if message.isResponse { flags.append("qr") }
        if message.authoritativeAnswer { flags.append("aa") }
        if message.truncated { flags.append("tc") }
        if message.recursionDesired { flags.append("rd") }
        if message.recursionAvailable { flags.append("ra") }
        var lines = [
            ";; ->>HEADER<<- opcode: \(message.opcode.rawValue == 0 ? "QUERY" : "OPCODE\(message.opcode.rawValue)"), status: \(message.extendedRCode), id: \(message.id)",
            ";; flags: \(flags.joined(separator: " ")); QUERY: \(message.questions.count), ANSWER: \(message.answers.count), "
                + "AUTHORITY: \(message.authority.count), ADDITIONAL: \(message.additional.count + (message.edns == nil ? 0 : 1))",
        ]
        if let edns = message.edns {
            lines.append(";; EDNS: version: \(edns.version), flags:\(edns.dnssecOK ? " do" : ""); udp: \(edns.udpPayloadSize)")
        }
        lines.append("")
        lines.append(";; QUESTION SECTION:")
        for question in message.questions {
            lines.append(";\(question.name)\t\t\(question.rrClass)\t\(question.type)")
        }
        for (title, records) in [("ANSWER", message.answers), ("AUTHORITY", message.authority), ("ADDITIONAL", message.additional)]
        where !records.isEmpty {
            lines.append("")
            lines.append(";; \(title) SECTION:")
            lines += records.map(RecordText.format)
        }
        return lines.joined(separator: "\n")
    }
}
