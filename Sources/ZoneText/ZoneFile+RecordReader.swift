import CLDNS
import DNSWire

extension ZoneFile {
    /// The record-by-record loop over one in-memory zone text. Owns the ldns origin and previous
    /// owner between calls (ldns replaces them in place) and frees them when it ends; noncopyable
    /// so the two pointers can never be freed twice.
    struct RecordReader: ~Copyable {
        let buffer: UnsafeBufferPointer<UInt8>
        let stream: UnsafeMutablePointer<FILE>
        let fileName: String
        private var ttl: UInt32
        private var origin: LDNS.RDFPointer?
        private var previousOwner: LDNS.RDFPointer?
        /// ldns's own counter; unused for messages (we count from the bytes), but it must start at 0.
        private var ldnsLine: Int32 = 0
        /// Newlines before the current read position: the 1-based line of a record is this plus
        /// the newlines of blank and comment lines ldns skipped first, plus one.
        private var newlinesBefore = 0
        /// Read plain lines without libldns (`PlainLine`); off only to compare the two paths.
        let readsPlainLines: Bool
        /// The origin as a name, refreshed after each line libldns reads (it may be `$ORIGIN`).
        private var originName: DomainName?
        /// The owner of the last plain line, not yet handed to libldns as its previous owner.
        private var plainOwner: DomainName?

        init(buffer: UnsafeBufferPointer<UInt8>, stream: UnsafeMutablePointer<FILE>, origin: DomainName?,
             fileName: String, defaultTTL: UInt32, readsPlainLines: Bool = true) {
            self.buffer = buffer
            self.stream = stream
            self.fileName = fileName
            self.ttl = defaultTTL
            self.origin = origin.flatMap(LDNS.makeDname)
            self.originName = origin
            self.readsPlainLines = readsPlainLines
        }

        deinit {
            if let origin { ldns_rdf_deep_free(origin) }
            if let previousOwner { ldns_rdf_deep_free(previousOwner) }
        }

        mutating func readAll() throws(ZoneTextError) -> [ResourceRecord] {
            var records: [ResourceRecord] = []
            // About one record per line: sized once instead of copied at every doubling (a
            // million-line file moved ~80 MB that way, issue 6, scale).
            records.reserveCapacity(buffer.count(where: { $0 == 0x0A }))
            // Where the next entry starts. The stream is moved there only before libldns reads:
            // an `fseek` and an `ftell` per plain line were ~4 % of a million-record load (issue 6).
            var start = 0
            while start < buffer.count {
                if readsPlainLines, let (record, end, newlines) = plainRecord(from: start) {
                    newlinesBefore += newlines
                    records.append(record)
                    plainOwner = record.name
                    start = end
                    continue
                }
                guard fseek(stream, start, SEEK_SET) == 0 else { break }
                if let owner = plainOwner {
                    // A following line that leaves its owner out means this one (RFC 1035 §5.1).
                    if let previousOwner { ldns_rdf_deep_free(previousOwner) }
                    previousOwner = LDNS.makeDname(owner)
                    plainOwner = nil
                }
                var rr: LDNS.RRPointer?
                let status = ldns_rr_new_frm_fp_l(&rr, stream, &ttl, &origin, &previousOwner, &ldnsLine)
                defer { if let rr { ldns_rr_free(rr) } }
                let end = max(ftell(stream), start)
                let entry = Entry(buffer[start..<end], newlinesBefore: newlinesBefore)
                newlinesBefore += entry.newlineCount
                switch status {
                case LDNS_STATUS_OK:
                    if let rr { records.append(try record(from: rr, entry: entry)) }
                case LDNS_STATUS_SYNTAX_TTL, LDNS_STATUS_SYNTAX_ORIGIN, LDNS_STATUS_SYNTAX_EMPTY:
                    break
                case LDNS_STATUS_SYNTAX_INCLUDE:
                    throw ZoneTextError(kind: .unsupported, file: fileName, line: entry.line, text: entry.tokens.line,
                                        message: "$INCLUDE is not supported; put the zone in one file")
                case _ where entry.tokens.tokens.isEmpty:
                    // Only blank or comment lines were left: ldns reports their end as a syntax error.
                    break
                default:
                    throw ZoneTextError(file: fileName, line: entry.line, text: entry.tokens.line,
                                        message: LDNS.statusText(status))
                }
                originName = origin.flatMap { LDNS.domainName($0) }
                // A read that consumed nothing would repeat forever.
                if end == start { break }
                start = end
            }
            return records
        }

        /// The record at `start` when its text is one plain line (after blank lines), the offset
        /// just past that line's newline, and the newlines up to there.
        private func plainRecord(from start: Int) -> (ResourceRecord, Int, Int)? {
            var lineStart = start
            var index = start
            var newlines = 1
            while index < buffer.count {
                let byte = buffer[index]
                if byte == 0x0A {
                    index += 1
                    lineStart = index
                    newlines += 1
                } else if byte == 0x20 || byte == 0x09 {
                    index += 1
                } else {
                    break
                }
            }
            // Leading blanks before a record mean "previous owner": libldns's case.
            guard index == lineStart, index < buffer.count else { return nil }
            var end = index
            while end < buffer.count && buffer[end] != 0x0A { end += 1 }
            guard end < buffer.count,
                  let record = PlainLine.record(UnsafeBufferPointer(rebasing: buffer[lineStart..<end]), origin: originName,
                                                defaultTTL: ttl) else { return nil }
            return (record, end + 1, newlines)
        }

        private func record(from rr: LDNS.RRPointer, entry: Entry) throws(ZoneTextError) -> ResourceRecord {
            let record = try RecordText.record(from: rr, text: entry.tokens.line, file: fileName, line: entry.line)
            if let problem = entry.problem(type: record.type) {
                throw ZoneTextError(file: fileName, line: entry.line, text: entry.tokens.line, message: problem)
            }
            return record
        }
    }

    /// The source text ldns consumed for one entry: leading blank and comment lines, then a record
    /// or directive possibly spanning several lines.
    struct Entry {
        /// The record's text from its first line on (leading blank and comment lines cut).
        let text: Slice<UnsafeBufferPointer<UInt8>>
        let line: Int
        let newlineCount: Int

        /// The fields, tokenized on demand: only error messages and the types with field rules
        /// need them (a String and an array per record cost a tenth of a million-record import,
        /// issue 6).
        var tokens: PresentationTokens { PresentationTokens(String(decoding: text, as: UTF8.self)) }

        init(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, newlinesBefore: Int) {
            var index = bytes.startIndex
            var lineStart = bytes.startIndex
            var skipped = 0
            // Skip blank lines and comment lines, remembering where the record's first line starts.
            while index < bytes.endIndex {
                let byte = bytes[index]
                if byte == 0x0A {
                    skipped += 1
                    index += 1
                    lineStart = index
                } else if byte == UInt8(ascii: ";") {
                    while index < bytes.endIndex && bytes[index] != 0x0A { index += 1 }
                } else if byte == 0x20 || byte == 0x09 || byte == 0x0D {
                    index += 1
                } else {
                    break
                }
            }
            text = bytes[lineStart...]
            line = newlinesBefore + skipped + 1
            newlineCount = bytes.count(where: { $0 == 0x0A })
        }

        /// Range checks libldns skips, on this record's fields.
        func problem(type: RRType) -> String? {
            if !RDataText.hasFieldRules(type) && !Self.mayFailCommonChecks(text) { return nil }
            return RDataText.recordProblem(type: type, tokens: tokens)
        }

        /// Whether the checks every type gets could fail on `text`: an unterminated quote needs a
        /// `"`, and a TTL above 2147483647 (RFC 2181 §8) needs a run of at least ten digits.
        static func mayFailCommonChecks(_ text: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
            var digits = 0
            for byte in text {
                if byte == UInt8(ascii: "\"") { return true }
                if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                    digits += 1
                    if digits >= 10 { return true }
                } else {
                    digits = 0
                }
            }
            return false
        }
    }
}
