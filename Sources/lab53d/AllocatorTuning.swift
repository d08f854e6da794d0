#if canImport(Glibc)
import Glibc
#endif

/// Process-wide allocator settings, applied before the configuration is loaded.
enum AllocatorTuning {
    /// `M_MMAP_THRESHOLD` of glibc's malloc.h.
    private static let mmapThreshold: Int32 = -3

    /// Fixes glibc's mmap threshold at its default of 128 KiB.
    ///
    /// glibc raises the threshold to the size of the last large block freed (up to 32 MiB), after
    /// which the multi-megabyte tables of a zone import come from the heap, and their pages stay
    /// resident once freed: 27 MB of the peak of a million-record start (issue 6, scale). Fixed,
    /// every block above 128 KiB is mapped and returned on free. An explicit
    /// `MALLOC_MMAP_THRESHOLD_` in the environment still wins.
    static func apply() {
        #if canImport(Glibc)
        guard getenv("MALLOC_MMAP_THRESHOLD_") == nil else { return }
        // The Glibc module exports neither `mallopt` nor its constants: looked up by name.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        _ = mallopt(mmapThreshold, 128 * 1024)
        #endif
    }
}
