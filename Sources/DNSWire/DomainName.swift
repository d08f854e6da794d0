/// A domain name held in uncompressed wire form (RFC 1035 §3.1), always absolute.
///
/// Letter case is preserved as given; equality and hashing are case-insensitive (RFC 4343),
/// so a `DomainName` can key dictionaries directly.
public struct DomainName: Sendable, CustomStringConvertible {
    /// Length-prefixed labels followed by the root label (0). At most 255 bytes.
    public let wire: [UInt8]

    /// The root name `.`.
    public static let root = DomainName(trustedWire: [0])

    /// Wraps bytes already known to be a valid uncompressed name (ends in the root label).
    public init(trustedWire: [UInt8]) {
        self.wire = trustedWire
    }

    /// Validates `wire` as an uncompressed name (label lengths ≤ 63, total ≤ 255, single root at the end).
    public init(wire: [UInt8]) throws(DomainNameError) {
        var index = 0
        while true {
            guard index < wire.count else { throw .truncated }
            let length = Int(wire[index])
            if length == 0 {
                guard index == wire.count - 1 else { throw .trailingBytes }
                break
            }
            guard length <= 63 else { throw .labelTooLong }
            index += 1 + length
        }
        guard wire.count <= 255 else { throw .nameTooLong }
        self.wire = wire
    }

    /// The labels from left to right, without the root label.
    public var labels: [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var index = 0
        while wire[index] != 0 {
            let length = Int(wire[index])
            result.append(wire[(index + 1)..<(index + 1 + length)])
            index += 1 + length
        }
        return result
    }

    /// Number of labels, not counting the root (`www.example.com.` → 3).
    public var labelCount: Int {
        var count = 0
        var index = 0
        while wire[index] != 0 {
            index += 1 + Int(wire[index])
            count += 1
        }
        return count
    }

    public var isRoot: Bool { wire.count == 1 }

    /// True when the leftmost label is exactly `*` (RFC 4592 §2.1.1, RR-04).
    public var isWildcard: Bool { wire.count >= 3 && wire[0] == 1 && wire[1] == UInt8(ascii: "*") }

    /// The name with its leftmost label removed; nil for the root.
    public var parent: DomainName? {
        guard !isRoot else { return nil }
        return DomainName(trustedWire: Array(wire[(1 + Int(wire[0]))...]))
    }

    /// The name with ASCII letters folded to lower case.
    public func lowercased() -> DomainName {
        DomainName(trustedWire: wire.map(DomainName.foldCase))
    }

    /// `label.self`. Throws when the label or the result is too long.
    public func prepending(label: some Collection<UInt8>) throws(DomainNameError) -> DomainName {
        guard !label.isEmpty else { throw .emptyLabel }
        guard label.count <= 63 else { throw .labelTooLong }
        guard wire.count + label.count + 1 <= 255 else { throw .nameTooLong }
        return DomainName(trustedWire: [UInt8(label.count)] + label + wire)
    }

    /// `*.self`, the wildcard owner that covers the children of this name.
    public var wildcardChild: DomainName? {
        try? prepending(label: [UInt8(ascii: "*")])
    }

    /// True when `self` equals `other` or lies below it (case-insensitive).
    public func isSubdomain(of other: DomainName) -> Bool {
        guard wire.count >= other.wire.count else { return false }
        let offset = wire.count - other.wire.count
        // The suffix must start on a label boundary of self.
        var index = 0
        while index < offset {
            index += 1 + Int(wire[index])
        }
        guard index == offset else { return false }
        for i in 0..<other.wire.count where DomainName.foldCase(wire[offset + i]) != DomainName.foldCase(other.wire[i]) {
            return false
        }
        return true
    }

    /// The ancestor with `count` labels (`count` ≤ labelCount).
    public func suffix(labelCount count: Int) -> DomainName {
        var drop = labelCount - count
        var index = 0
        while drop > 0 {
            index += 1 + Int(wire[index])
            drop -= 1
        }
        return DomainName(trustedWire: Array(wire[index...]))
    }

    @inlinable
    public static func foldCase(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
    }
}

extension DomainName: Hashable {
    public static func == (lhs: DomainName, rhs: DomainName) -> Bool {
        lhs.wire.withUnsafeBufferPointer { left in
            rhs.wire.withUnsafeBufferPointer { right in
                guard left.count == right.count else { return false }
                // Names shared between the import, the model and the snapshot are one buffer:
                // every hash-table hit of a million-name zone compares a name with itself (issue 6).
                if left.baseAddress == right.baseAddress { return true }
                for i in 0..<left.count where foldCase(left[i]) != foldCase(right[i]) {
                    return false
                }
                return true
            }
        }
    }

    public func hash(into hasher: inout Hasher) {
        // One combine over the folded bytes: per-byte combines dominated lookups in profiles.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: wire.count) { folded in
            for index in 0..<wire.count { folded[index] = DomainName.foldCase(wire[index]) }
            hasher.combine(bytes: UnsafeRawBufferPointer(folded))
        }
    }
}

extension DomainName: Comparable {
    /// Canonical DNS order (RFC 4034 §6.1): compare label by label from the right, bytes case-folded.
    public static func < (lhs: DomainName, rhs: DomainName) -> Bool {
        let left = lhs.labels.reversed().map { $0.map(foldCase) }
        let right = rhs.labels.reversed().map { $0.map(foldCase) }
        for (l, r) in zip(left, right) where l != r {
            return l.lexicographicallyPrecedes(r)
        }
        return left.count < right.count
    }
}

/// Why a name could not be built or parsed.
public enum DomainNameError: Error, Sendable, Equatable, CustomStringConvertible {
    case emptyLabel
    case labelTooLong
    case nameTooLong
    case badEscape
    case truncated
    case trailingBytes

    public var description: String {
        switch self {
        case .emptyLabel: "empty label"
        case .labelTooLong: "label longer than 63 bytes"
        case .nameTooLong: "name longer than 255 bytes"
        case .badEscape: "bad escape sequence"
        case .truncated: "name truncated"
        case .trailingBytes: "bytes after the root label"
        }
    }
}
