import CLDNS
import DNSWire

/// Reads and writes BIND-format master files (RFC 1035 §5) through libldns.
///
/// Records are read one by one with `ldns_rr_new_frm_fp_l`, not with `ldns_zone_new_frm_fp_l`,
/// which leaks every record parsed before a syntax error (architecture, libldns notes).
/// Supported: `$ORIGIN`, `$TTL`, relative names, `@`, a blank owner (the previous owner),
/// comments, parentheses, optional TTL and class. Limits, all reported with file and line:
/// - `$INCLUDE` is **rejected**: a zone is imported from one self-contained file, so an import
///   can never read other files on the daemon's host.
/// - ldns 1.8.3 accepts `<TTL> <class>` but not `<class> <TTL>` (RFC 1035 §5.1 allows both).
/// - Only class IN (DNS-01).
/// - Integer fields are range-checked (ldns silently wraps them); TTLs above 2³¹−1 are errors
///   (RFC 2181 §8).
///
/// With no origin (nil and no `$ORIGIN` yet), names without a trailing dot are relative to the
/// root, as libldns does and as Route 53 reads names in values (RR-06).
///
/// The parser makes no semantic checks (a second SOA, CNAME beside other data and out-of-zone
/// owners all pass); callers validate the records. Owner names keep the case they were written in.
public enum ZoneFile {
    /// Reads the zone file at `path`. Errors name `path` and the 1-based line of the offending record.
    /// - Parameters:
    ///   - origin: the initial origin for relative names and `@`; nil means the root until a
    ///     `$ORIGIN` line sets one.
    ///   - defaultTTL: the TTL of records without one, until a `$TTL` line.
    public static func read(path: String, origin: DomainName?, defaultTTL: UInt32 = 3600) throws(ZoneTextError) -> [ResourceRecord] {
        let bytes = try readFile(path)
        return try parse(bytes: bytes, origin: origin, fileName: path, defaultTTL: defaultTTL)
    }

    /// Parses zone-file text; `fileName` only labels error messages.
    public static func parse(text: String, origin: DomainName?, fileName: String = "<text>",
                             defaultTTL: UInt32 = 3600) throws(ZoneTextError) -> [ResourceRecord] {
        try parse(bytes: Array(text.utf8), origin: origin, fileName: fileName, defaultTTL: defaultTTL)
    }

    static func parse(bytes input: [UInt8], origin: DomainName?, fileName: String,
                      defaultTTL: UInt32, readsPlainLines: Bool = true) throws(ZoneTextError) -> [ResourceRecord] {
        if let nul = input.firstIndex(of: 0) {
            let line = input[..<nul].count(where: { $0 == 0x0A }) + 1
            throw ZoneTextError(file: fileName, line: line, text: "\\000", message: "NUL byte in zone text")
        }
        // ldns loses a last record that has no newline after it (architecture, libldns notes).
        let count = input.count + (input.last == 0x0A ? 0 : 1)
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(count, 1))
        defer { buffer.deallocate() }
        _ = buffer.initialize(from: input)
        if count > input.count { buffer[count - 1] = 0x0A }
        guard count > 0 else { return [] }
        guard let stream = fmemopen(buffer.baseAddress, count, "r") else {
            throw ZoneTextError(kind: .io, file: fileName, text: fileName, message: "cannot open the text as a stream")
        }
        defer { fclose(stream) }
        var reader = RecordReader(buffer: UnsafeBufferPointer(start: buffer.baseAddress, count: count),
                                  stream: stream, origin: origin, fileName: fileName, defaultTTL: defaultTTL,
                                  readsPlainLines: readsPlainLines)
        return try reader.readAll()
    }

    private static func readFile(_ path: String) throws(ZoneTextError) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw ZoneTextError(kind: .io, file: path, text: path, message: String(cString: cldns_errno_text()))
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let read = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            bytes.append(contentsOf: chunk[..<read])
            if read < chunk.count { break }
        }
        if ferror(file) != 0 {
            throw ZoneTextError(kind: .io, file: path, text: path, message: String(cString: cldns_errno_text()))
        }
        return bytes
    }
}
