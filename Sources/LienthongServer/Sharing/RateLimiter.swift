import Foundation
import Lienthong
import Synchronization

/// A token bucket per caller on this node (an API client at the gateway, an address for anonymous requests): `rate`
/// calls a second, bursts up to twice that (at least two calls). A caller over the limit learns how many seconds to
/// wait (`Retry-After`).
///
/// The buckets are bounded: once `capacity` callers have a bucket in the current generation, it becomes the previous
/// one and a new generation starts (a caller found only in the previous generation moves on with its bucket), so at
/// most twice `capacity` buckets are kept under a flood from many addresses (the request that starts a generation lets
/// the oldest go, all at once). A caller
/// forgotten that way starts again with a full bucket, as one idle long enough to refill it would.
final class RateLimiter<Caller: Hashable & Sendable>: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private struct Generations {
        var current: [Caller: Bucket] = [:]
        var previous: [Caller: Bucket] = [:]
    }

    private let buckets = Mutex(Generations())
    private let rate: Double
    private let burst: Double
    private let capacity: Int
    private let clock: @Sendable () -> ContinuousClock.Instant

    /// A limiter of `rate` calls a second (a fraction allowed, at least one an hour) for up to `capacity` callers a
    /// generation; `clock` tells the time (tests pass one they move).
    init(rate: Double, capacity: Int = 100_000, clock: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.rate = max(rate, 1.0 / 3_600)
        self.burst = max(self.rate * 2, 2)
        self.capacity = max(capacity, 1)
        self.clock = clock
    }

    /// Takes one call from `caller`'s bucket: nil when allowed, otherwise the whole seconds to wait.
    func take(_ caller: Caller) -> Int? {
        let now = clock()
        return buckets.withLock { buckets in
            var bucket = buckets.current[caller] ?? buckets.previous[caller] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated).timeInterval * rate)
            bucket.updated = now
            defer {
                if buckets.current[caller] == nil, buckets.current.count >= capacity {
                    buckets.previous = buckets.current
                    buckets.current = [:]
                }
                buckets.current[caller] = bucket
            }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
        }
    }

    /// How many callers have a bucket (both generations, a caller in both counted twice).
    var count: Int { buckets.withLock { $0.current.count + $0.previous.count } }
}
