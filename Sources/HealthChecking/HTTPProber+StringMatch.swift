/// The string-match rule of HTTP_STR_MATCH / HTTPS_STR_MATCH (HC-01): the search string must lie
/// entirely within the first 5120 bytes of the (decoded) body, compared byte for byte
/// (case-sensitive). Keeps at most 5120 bytes, so reading can stop as soon as they are in.
struct BodySearch {
    /// Route 53 searches the first 5120 bytes of the body (HC-01).
    static let limit = 5120

    enum Outcome: Equatable {
        case found
        /// 5120 bytes were read and the string is not among them: stop reading.
        case exhausted
        case needMore
    }

    private let needle: [UInt8]
    private var window: [UInt8] = []

    init(searchString: String) {
        needle = Array(searchString.utf8)
        window.reserveCapacity(Self.limit)
    }

    /// Bytes of the body kept so far (never more than `limit`).
    var bytesRead: Int { window.count }

    /// Adds body bytes; only the part that still fits in the first 5120 bytes is kept.
    mutating func append(_ bytes: some Collection<UInt8>) -> Outcome {
        if needle.isEmpty { return .found }
        let oldCount = window.count
        window.append(contentsOf: bytes.prefix(Self.limit - oldCount))
        // Only a match ending in the new bytes can be new: start just far enough back to catch
        // one that straddles the previous read (a string split across chunks or reads).
        let start = max(0, oldCount - needle.count + 1)
        if window.count >= needle.count {
            var index = start
            while index + needle.count <= window.count {
                if window[index] == needle[0], window[index..<(index + needle.count)].elementsEqual(needle) {
                    return .found
                }
                index += 1
            }
        }
        return window.count >= Self.limit ? .exhausted : .needMore
    }
}
