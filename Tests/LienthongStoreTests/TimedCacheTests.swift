import LienthongStore
import Synchronization
import Testing

@Suite("Values a node trusts for half a second")
struct TimedCacheTests {
    /// Counts the lookups that reached the database.
    final class Loads: Sendable {
        private let count = Mutex(0)
        var total: Int { count.withLock { $0 } }
        func next() -> Int {
            count.withLock {
                $0 += 1
                return $0
            }
        }
    }

    @Test("a value serves until its lifetime ends; forget drops it at once")
    func lifetime() async throws {
        let cache = TimedCache<Int>(lifetime: .milliseconds(200))
        let loads = Loads()
        #expect(try await cache.value(for: "a") { loads.next() } == 1)
        #expect(try await cache.value(for: "a") { loads.next() } == 1, "kept")
        try await Task.sleep(for: .milliseconds(250))
        #expect(try await cache.value(for: "a") { loads.next() } == 2, "expired")
        cache.forget()
        #expect(try await cache.value(for: "a") { loads.next() } == 3, "forgotten")
    }

    @Test("a lookup begun before a forget answers what it found but does not keep it")
    func lookupRacingForget() async throws {
        let cache = TimedCache<String>()
        let stale = try await cache.value(for: "grants") {
            cache.forget()  // the change commits and is forgotten while this lookup reads the old value
            return "old"
        }
        #expect(stale == "old")
        #expect(try await cache.value(for: "grants") { "new" } == "new", "the old value was not kept")
    }

    @Test("nothing found is not kept: what appears is seen at its next lookup")
    func nothingFound() async throws {
        let cache = TimedCache<String>()
        #expect(try await cache.valueIfFound(for: "x") { nil } == nil)
        #expect(try await cache.valueIfFound(for: "x") { "here" } == "here")
        #expect(try await cache.valueIfFound(for: "x") { nil } == "here", "what was found is kept")
        let optional = TimedCache<Int?>()
        #expect(try await optional.value(for: "never loaded") { nil } == .some(nil))
        #expect(try await optional.value(for: "never loaded") { 5 } == .some(nil), "a value that is nil is kept as any other")
    }
}
