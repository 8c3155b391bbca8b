import Foundation
import Synchronization

/// Compiled field patterns, so that a load checking a million cells compiles each pattern once: as a `BytePattern`
/// when it is that simple, else as an `NSRegularExpression`.
final class PatternCache: Sendable {
    static let shared = PatternCache()

    /// `NSRegularExpression` is immutable after creation and documented as safe to use from several threads
    /// at once; the wrapper only lets it cross into the Sendable cache.
    private struct Compiled: @unchecked Sendable {
        let regex: NSRegularExpression?
    }

    private let compiled = Mutex<[String: Compiled]>([:])

    private let simple = Mutex<[String: BytePattern?]>([:])

    /// The pattern as a `BytePattern` (the quality checker's matcher over ASCII bytes), when it reads it (nil otherwise).
    func bytePattern(_ pattern: String) -> BytePattern? {
        if let known = simple.withLock({ $0[pattern] }) { return known }
        let parsed = BytePattern(pattern)
        simple.withLock { cache in
            if cache.count > 1_000 { cache.removeAll() }
            cache[pattern] = .some(parsed)
        }
        return parsed
    }

    /// The anchored expression for `pattern`, or nil when it does not compile.
    func regex(_ pattern: String) -> NSRegularExpression? {
        if let known = compiled.withLock({ $0[pattern] }) { return known.regex }
        let regex = try? NSRegularExpression(pattern: "^(?:" + pattern + ")$")
        compiled.withLock { cache in
            if cache.count > 1_000 { cache.removeAll() }
            cache[pattern] = Compiled(regex: regex)
        }
        return regex
    }
}
