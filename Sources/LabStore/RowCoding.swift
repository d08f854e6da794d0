import DNSWire
import Foundation

/// JSON text for the structured columns. Keys are sorted so the same value always writes the same
/// text (a diff of two database dumps shows real changes only). `Data` goes out as base64, which is
/// how names and RDATA keep their exact bytes.
enum RowCoding {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from text: String) throws -> Value {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    /// A name is stored by its wire bytes, never by presentation text: escapes, case and the exact
    /// octets must survive (RR-02 names may hold any byte).
    static func name(_ data: Data) throws -> DomainName {
        do {
            return try DomainName(wire: [UInt8](data))
        } catch {
            throw StoredValueError("stored domain name is not valid wire format: \(error)")
        }
    }
}

/// A stored row that does not decode into a model value (a damaged or hand-edited database).
struct StoredValueError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
