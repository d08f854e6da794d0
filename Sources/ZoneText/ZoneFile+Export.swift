import DNSWire

extension ZoneFile {
    /// Writes `records` as BIND-format text that `read`/`parse` read back to the same records.
    ///
    /// One record per line in `RecordText.format` form (tab-separated, every name absolute),
    /// preceded by `$ORIGIN <origin>` when an origin is given. Records are written in the order
    /// given; callers sort them (SOA first is conventional, RFC 1035 §5.2).
    public static func export(records: [ResourceRecord], origin: DomainName?) -> String {
        var text = ""
        if let origin { text += "$ORIGIN \(origin)\n" }
        for record in records {
            text += RecordText.format(record)
            text += "\n"
        }
        return text
    }
}
