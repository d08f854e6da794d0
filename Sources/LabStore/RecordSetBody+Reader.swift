import Route53Model

extension RecordSetBody {
    /// The fields of a fast-path body.
    struct Fields {
        var ttl: UInt32?
        var records: [RecordValue] = []
        var routing: RoutingPolicy = .simple
        var healthCheckId: String?
    }

    /// Reads exactly the layout `fastText` writes; nil at the first byte that differs, so the
    /// caller falls back to `JSONDecoder` (which reads any valid body, e.g. from older builds).
    struct BodyReader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        mutating func read() -> Fields? {
            var fields = Fields()
            guard literal(#"{"#) else { return nil }
            if literal(#""healthCheckId":"#) {
                guard let check = string(), literal(",") else { return nil }
                fields.healthCheckId = check
            }
            guard literal(#""records":["#) else { return nil }
            if !literal("]") {
                repeat {
                    guard literal(#"{"rdata":""#), let rdata = base64(), literal(#","text":"#), let text = string(),
                          literal("}") else { return nil }
                    fields.records.append(RecordValue(text: text, rdata: rdata))
                } while literal(",")
                guard literal("]") else { return nil }
            }
            guard literal(#","routing":{"#), let routing = routing(), literal("}") else { return nil }
            fields.routing = routing
            if literal(#","ttl":"#) {
                guard let ttl = number(), let value = UInt32(exactly: ttl) else { return nil }
                fields.ttl = value
            }
            guard literal("}"), index == bytes.count else { return nil }
            return fields
        }

        private mutating func routing() -> RoutingPolicy? {
            if literal(#""kind":"simple""#) { return .simple }
            if literal(#""kind":"multivalue""#) { return .multivalue }
            if literal(#""kind":"weighted","weight":"#) {
                guard let weight = number(), let value = UInt8(exactly: weight) else { return nil }
                return .weighted(weight: value)
            }
            if literal(#""failover":"#), let text = string(), let role = FailoverRole(rawValue: text),
               literal(#","kind":"failover""#) {
                return .failover(role)
            }
            return nil
        }

        /// Consumes `text` when the input continues with it.
        private mutating func literal(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            let expected = UnsafeBufferPointer(start: text.utf8Start, count: count)
            for offset in 0..<count where bytes[index + offset] != expected[offset] { return false }
            index += count
            return true
        }

        /// A quoted string of printable ASCII where the only escapes are `\/`, `\"` and `\\`.
        private mutating func string() -> String? {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            index += 1
            var out: [UInt8] = []
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard index < bytes.count,
                          [UInt8(ascii: "/"), UInt8(ascii: "\""), UInt8(ascii: "\\")].contains(bytes[index]) else { return nil }
                    out.append(bytes[index])
                    index += 1
                case 0x20..<0x7F:
                    out.append(byte)
                default:
                    return nil
                }
            }
            return nil
        }

        /// Base64 up to the closing quote (consumed), `\/` read as `/`.
        private mutating func base64() -> [UInt8]? {
            var text: [UInt8] = []
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\") {
                    guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") else { return nil }
                    index += 1
                }
                text.append(bytes[index])
                index += 1
            }
            guard index < bytes.count else { return nil }
            index += 1
            return text.withUnsafeBufferPointer { Base64.decode($0) }
        }

        /// A non-negative decimal integer without leading zeros (as JSONEncoder writes one).
        private mutating func number() -> UInt64? {
            let start = index
            var value: UInt64 = 0
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                let (next, overflow) = value.multipliedReportingOverflow(by: 10)
                guard !overflow, index - start < 19 else { return nil }
                value = next + UInt64(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            guard index > start, bytes[start] != UInt8(ascii: "0") || index - start == 1 else { return nil }
            return value
        }
    }
}
