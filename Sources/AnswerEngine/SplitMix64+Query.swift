import DNSWire
import Synchronization

extension SplitMix64 {
    /// A generator for one query: distinct per call, without a system call on the query path
    /// (a shared atomic counter, seeded once from the system generator, picks the stream).
    public static func forQuery() -> SplitMix64 {
        let (_, seed) = querySeeds.wrappingAdd(0xD1B5_4A32_D192_ED03, ordering: .relaxed)
        return SplitMix64(seed: seed)
    }
}

private let querySeeds = Atomic<UInt64>(UInt64.random(in: .min ... .max))
