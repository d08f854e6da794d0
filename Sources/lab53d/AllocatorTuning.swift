#if canImport(Glibc)
import Glibc
#endif

/// Process-wide settings of glibc's malloc, in two phases (issue 6, scale).
///
/// **Startup** (`beginStartup`, before the configuration loads): blocks of any size come from the
/// heap and freed memory stays there. Loading a million-record zone allocates and frees a run of
/// 8–48 MB tables (file text, records, name tables, the builder's layouts); mapped one by one, each
/// was faulted in page by page and unmapped again, ~150 k page faults and ~20 % of the start in
/// the kernel. Kept in the heap, each phase reuses the pages of the last: ~100 k faults, the
/// first answer ~25 % sooner.
///
/// **Serving** (`endStartup`, once the first snapshot is served and the seed committed, so the
/// seed's transaction reuses the heap too): `malloc_trim(0)` hands every
/// free page back, then blocks above 128 KiB are mapped and returned on free, and the heap top is
/// trimmed again. glibc's default would instead raise its mmap threshold to the last large block
/// freed (up to 32 MiB), after which such tables stay resident once freed (27 MB of the peak).
///
/// `MALLOC_MMAP_THRESHOLD_` or `MALLOC_TRIM_THRESHOLD_` in the environment leaves malloc alone.
enum AllocatorTuning {
    // glibc's malloc.h: M_TRIM_THRESHOLD, M_MMAP_THRESHOLD.
    private static let trimThreshold: Int32 = -1
    private static let mmapThreshold: Int32 = -3

    static func beginStartup() {
        guard isTuned, let mallopt = Self.mallopt else { return }
        _ = mallopt(mmapThreshold, 256 << 20)
        _ = mallopt(trimThreshold, 1 << 30)
    }

    static func endStartup() {
        guard isTuned, let mallopt = Self.mallopt else { return }
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") {
            let trim = unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
            _ = trim(0)
        }
        _ = mallopt(mmapThreshold, 128 << 10)
        _ = mallopt(trimThreshold, 128 << 10)
    }

    private static var isTuned: Bool {
        #if canImport(Glibc)
        getenv("MALLOC_MMAP_THRESHOLD_") == nil && getenv("MALLOC_TRIM_THRESHOLD_") == nil
        #else
        false
        #endif
    }

    /// The Glibc module exports neither `mallopt` nor `malloc_trim` nor their constants: looked up by name.
    private static var mallopt: (@convention(c) (Int32, Int32) -> Int32)? {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        #else
        nil
        #endif
    }
}
