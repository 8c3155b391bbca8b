import Foundation
import Lienthong
import Synchronization

/// A token bucket per API client on this node: `rate` calls a second, bursts up to twice that. A caller over the
/// limit learns how many seconds to wait (`Retry-After`).
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let buckets = Mutex([UUID: Bucket]())
    private let rate: Double
    private let burst: Double
    private let clock: @Sendable () -> ContinuousClock.Instant

    /// A limiter of `rate` calls a second (at least one); `clock` tells the time (tests pass one they move).
    init(rate: Int, clock: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.rate = Double(max(rate, 1))
        self.burst = Double(max(rate, 1) * 2)
        self.clock = clock
    }

    /// Takes one call from `client`'s bucket: nil when allowed, otherwise the whole seconds to wait.
    func take(_ client: UUID) -> Int? {
        let now = clock()
        return buckets.withLock { buckets in
            var bucket = buckets[client] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated).timeInterval * rate)
            bucket.updated = now
            defer { buckets[client] = bucket }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
        }
    }
}
