import LienthongStore
import Synchronization
import Testing

@Suite("Values a node trusts for half a second")
struct TimedCacheTests {
    /// Longer than any test runs, so that what is kept stays kept however slow the machine.
    static let longLife = Duration.seconds(600)

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
        // Lifetimes long or short enough that a loaded machine cannot change the answer: the whole suite in parallel
        // once held a test 20 s, far past half a second.
        let cache = TimedCache<Int>(lifetime: Self.longLife)
        let loads = Loads()
        #expect(try await cache.value(for: "a") { loads.next() } == 1)
        #expect(try await cache.value(for: "a") { loads.next() } == 1, "kept")
        cache.forget()
        #expect(try await cache.value(for: "a") { loads.next() } == 2, "forgotten")
        let brief = TimedCache<Int>(lifetime: .milliseconds(1))
        #expect(try await brief.value(for: "a") { loads.next() } == 3)
        try await Task.sleep(for: .milliseconds(20))
        #expect(try await brief.value(for: "a") { loads.next() } == 4, "expired")
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
        let cache = TimedCache<String>(lifetime: Self.longLife)
        #expect(try await cache.valueIfFound(for: "x") { nil } == nil)
        #expect(try await cache.valueIfFound(for: "x") { "here" } == "here")
        #expect(try await cache.valueIfFound(for: "x") { nil } == "here", "what was found is kept")
        let optional = TimedCache<Int?>(lifetime: Self.longLife)
        #expect(try await optional.value(for: "never loaded") { nil } == .some(nil))
        #expect(try await optional.value(for: "never loaded") { 5 } == .some(nil), "a value that is nil is kept as any other")
    }

    @Test("callers that find a value missing together wait for one lookup")
    func oneLookupAtATime() async throws {
        let cache = TimedCache<Int>(lifetime: Self.longLife)
        let loads = Loads()
        let answers = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    // A slow query: the other callers ask while it runs (a caller after it finds the value kept).
                    try await cache.value(for: "grants") {
                        try await Task.sleep(for: .milliseconds(200))
                        return loads.next()
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers == Array(repeating: 1, count: 20) && loads.total == 1, "one query for twenty callers")
    }

    @Test("a caller after a forget does not wait for a lookup begun before it, which is not kept")
    func forgetDuringLookup() async throws {
        let cache = TimedCache<String>(lifetime: Self.longLife)
        let (gate, opener) = AsyncStream<Void>.makeStream()
        let (started, starting) = AsyncStream<Void>.makeStream()
        let first = Task {
            try await cache.value(for: "grants") {
                starting.yield()
                for await _ in gate { break }
                return "old"
            }
        }
        for await _ in started { break }
        cache.forget()  // the revocation commits while the first lookup is still reading
        #expect(try await cache.value(for: "grants") { "new" } == "new", "looked up again, not the lookup under way")
        opener.finish()
        #expect(try await first.value == "old")
        #expect(try await cache.value(for: "grants") { "newer" } == "new", "the lookup begun before the forget was not kept")
    }

    @Test("a failed lookup fails its waiters and is not kept")
    func failedLookup() async throws {
        struct Unreachable: Error {}
        let cache = TimedCache<String>()
        await #expect(throws: Unreachable.self) { try await cache.value(for: "grants") { throw Unreachable() } }
        #expect(try await cache.value(for: "grants") { "found" } == "found", "the next caller asks again")
    }
}
