import Synchronization

/// What a node looked up and trusts for a short while (half a second by default), so that the hot path of the
/// gateway skips queries whose answer rarely changes, while a change made on any node holds everywhere within
/// one second. The node that made a change calls `forget` and sees it at once.
final class TimedCache<Value: Sendable>: Sendable {
    private struct Entry {
        let value: Value
        let fetched: ContinuousClock.Instant
    }

    private let entries = Mutex([String: Entry]())
    private let lifetime: Duration
    private let capacity: Int

    init(lifetime: Duration = .milliseconds(500), capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The value for `key`: the one looked up less than `lifetime` ago, or what `load` finds now.
    func value(for key: String, load: () async throws -> Value) async throws -> Value {
        let now = ContinuousClock.now
        if let entry = entries.withLock({ $0[key] }), now - entry.fetched < lifetime { return entry.value }
        let value = try await load()
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll() }
            entries[key] = Entry(value: value, fetched: now)
        }
        return value
    }

    /// Drops everything this node holds (after a change made here).
    func forget() {
        entries.withLock { $0.removeAll() }
    }
}
