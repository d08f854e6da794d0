/// A deterministic random number generator (xoshiro256**, seeded through SplitMix64), so that name
/// servers, IDs and every other "random" choice are reproducible from a configured seed (LAB-04).
///
/// The stdlib's `random(in:using:)`, `shuffled(using:)` and `next(upperBound:)` may change their
/// algorithms between Swift releases; `uniform(below:)` and `shuffle(_:)` are defined here so the
/// same seed gives the same result on every toolchain.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// Expands `seed` into the 256-bit state with SplitMix64, as the xoshiro authors recommend.
    public init(seed: UInt64) {
        var mixer = seed
        state = (SeededGenerator.splitMix(&mixer), SeededGenerator.splitMix(&mixer),
                 SeededGenerator.splitMix(&mixer), SeededGenerator.splitMix(&mixer))
    }

    /// xoshiro256** (Blackman & Vigna, 2018).
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    /// A uniform integer in `0..<bound` (`bound` > 0), by rejection sampling so no value is favoured.
    public mutating func uniform(below bound: Int) -> Int {
        precondition(bound > 0, "uniform(below:) needs a positive bound")
        let limit = UInt64(bound)
        // Largest multiple of `limit` that fits; draws at or above it are rejected.
        let threshold = (UInt64.max / limit) * limit
        while true {
            let draw = next()
            if draw < threshold { return Int(draw % limit) }
        }
    }

    /// Fisher–Yates shuffle with `uniform(below:)`.
    public mutating func shuffle<T>(_ elements: inout [T]) {
        guard elements.count > 1 else { return }
        for index in stride(from: elements.count - 1, to: 0, by: -1) {
            let other = uniform(below: index + 1)
            elements.swapAt(index, other)
        }
    }

    /// One SplitMix64 step (Steele, Lea & Flood, 2014); also a good 64-bit finaliser.
    public static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private func rotateLeft(_ value: UInt64, _ count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }
}

/// A hash that is the same in every process (unlike `Hasher`, which is seeded per process), used to
/// derive per-object seeds from (global seed, names) so a configuration maps to the same IDs and
/// name servers on every start (LAB-04).
public struct StableHash: Sendable {
    /// FNV-1a 64-bit state.
    private var value: UInt64 = 0xCBF2_9CE4_8422_2325

    public init() {}

    public mutating func combine(_ bytes: some Sequence<UInt8>) {
        // Contiguous bytes take the raw loop: the generic iteration is not specialised across
        // modules and cost ~0.6 s of hashing a million config record keys (issue 6, scale).
        if bytes.withContiguousStorageIfAvailable({ combine(raw: UnsafeRawBufferPointer($0)) }) != nil { return }
        Array(bytes).withUnsafeBytes { combine(raw: $0) }
    }

    /// The same as combining the bytes as a sequence.
    public mutating func combine(raw bytes: UnsafeRawBufferPointer) {
        var state = value
        // Indexed: the buffer's iterator was not inlined (issue 6, scale).
        for index in 0..<bytes.count {
            state ^= UInt64(bytes[index])
            state &*= 0x0000_0100_0000_01B3
        }
        // A separator after each part, so ("ab", "c") and ("a", "bc") differ.
        value = (state ^ 0xFF) &* 0x0000_0100_0000_01B3
    }

    /// The eight bytes of `number`, least significant first.
    public mutating func combine(_ number: UInt64) {
        withUnsafeBytes(of: number.littleEndian) { combine(raw: $0) }
    }

    public mutating func combine(_ text: String) {
        var text = text
        text.withUTF8 { combine(raw: UnsafeRawBufferPointer($0)) }
    }

    /// The hash, passed through the SplitMix64 finaliser to spread FNV's weak low bits.
    public func finalize() -> UInt64 {
        var state = value
        return SeededGenerator.splitMix(&state)
    }

    /// Convenience: the stable hash of a global seed and some strings.
    public static func seed(_ seed: UInt64, _ parts: String...) -> UInt64 {
        var hash = StableHash()
        hash.combine(seed)
        for part in parts { hash.combine(part) }
        return hash.finalize()
    }
}
