import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// How the C allocator behaves in a long-running server.
enum HeapSettings {
    /// Keeps allocations of 128 KiB or more (uploads, exports, pages) out of glibc's heap. glibc otherwise raises
    /// this threshold as large blocks are freed, the transient buffers then land in the heap and fragment it, and
    /// resident memory creeps up under constant load (`docs/soak.md`). An operator's own
    /// `MALLOC_MMAP_THRESHOLD_` wins.
    static func apply(environment: [String: String] = ProcessInfo.processInfo.environment) {
        #if canImport(Glibc)
        guard environment["MALLOC_MMAP_THRESHOLD_"] == nil else { return }
        // `mallopt` is declared in <malloc.h>, which Swift's Glibc module leaves out: found by name instead.
        // M_MMAP_THRESHOLD is -3 in <malloc.h>.
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        _ = mallopt(-3, 128 * 1024)
        #endif
    }
}
