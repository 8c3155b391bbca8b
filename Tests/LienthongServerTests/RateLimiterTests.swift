import Foundation
import Synchronization
import Testing

@testable import LienthongServer

@Suite("The rate limiter")
struct RateLimiterTests {
    /// A clock the test moves by hand.
    final class ManualClock: Sendable {
        private let instant = Mutex(ContinuousClock.now)
        var now: ContinuousClock.Instant { instant.withLock { $0 } }
        func advance(by duration: Duration) { instant.withLock { $0 += duration } }
    }

    @Test("a burst of twice the rate passes, the next call waits, and the bucket refills at the rate")
    func bucket() {
        let clock = ManualClock()
        let limiter = RateLimiter<UUID>(rate: 2, clock: { clock.now })
        let client = UUID()
        #expect((0..<4).map { _ in limiter.take(client) } == [nil, nil, nil, nil], "a burst of four at two a second")
        #expect(limiter.take(client) == 1, "the fifth call waits a second (rounded up)")
        clock.advance(by: .milliseconds(499))
        #expect(limiter.take(client) == 1, "not yet a whole call back")
        clock.advance(by: .milliseconds(2))
        #expect(limiter.take(client) == nil, "half a second at two a second gives one call back")
        #expect(limiter.take(client) == 1)
        clock.advance(by: .seconds(60))
        #expect((0..<5).map { _ in limiter.take(client) } == [nil, nil, nil, nil, 1], "refilled to the burst, no further")
    }

    @Test("each client has its own bucket, and a slow wait is counted in whole seconds")
    func perClient() {
        let clock = ManualClock()
        let limiter = RateLimiter<UUID>(rate: 1, clock: { clock.now })
        let (first, second) = (UUID(), UUID())
        #expect(limiter.take(first) == nil && limiter.take(first) == nil && limiter.take(first) == 1)
        #expect(limiter.take(second) == nil, "another client is not held back by the first")
        clock.advance(by: .milliseconds(100))
        #expect(limiter.take(first) == 1, "0.9 s still to wait is said as one second")
    }

    @Test("it keeps at most two generations of callers, and a caller held back stays held back across one")
    func bounded() {
        let clock = ManualClock()
        let limiter = RateLimiter<String>(rate: 1, capacity: 3, clock: { clock.now })
        #expect(limiter.take("held") == nil && limiter.take("held") == nil && limiter.take("held") == 1)
        for caller in ["a", "b", "c", "d", "e"] { #expect(limiter.take(caller) == nil) }
        #expect(limiter.take("held") == 1, "found in the previous generation, with its empty bucket")
        for index in 0..<1_000 { _ = limiter.take("flood-\(index)") }
        #expect(limiter.count <= 6, "\(limiter.count) buckets kept for a capacity of three")
        #expect(limiter.take("held") == nil, "forgotten after two generations: a full bucket again")
    }

    @Test("a rate under one a second still lets a burst of two pass, then counts the wait in whole seconds")
    func fraction() {
        let clock = ManualClock()
        let limiter = RateLimiter<String>(rate: 0.1, clock: { clock.now })
        #expect(limiter.take("slow") == nil && limiter.take("slow") == nil)
        #expect(limiter.take("slow") == 10, "one call every ten seconds")
        clock.advance(by: .seconds(10))
        #expect(limiter.take("slow") == nil && limiter.take("slow") == 10)
    }
}
