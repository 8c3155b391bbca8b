import Synchronization

/// What a node looked up and trusts for a short while (half a second by default), so that hot paths (a record by key,
/// the gateway's grant check) skip queries whose answer rarely changes, while a change made on any node holds
/// everywhere within one second. The node that makes a change calls `forget` once it is committed and sees it at
/// once: a lookup that began before the `forget` may answer with what it found, but does not keep it.
public final class TimedCache<Value: Sendable>: Sendable {
    private struct Entry {
        let value: Value
        let fetched: ContinuousClock.Instant
    }

    private let state = Mutex((generation: 0, entries: [String: Entry]()))
    private let lifetime: Duration
    private let capacity: Int

    public init(lifetime: Duration = .milliseconds(500), capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The value for `key`: the one looked up less than `lifetime` ago, or what `load` finds now.
    public func value(for key: String, load: () async throws -> Value) async throws -> Value {
        // `load` never answers nil here, so the lookup always has a value.
        try await lookup(key) { try await load() as Value? }!
    }

    /// The value for `key` as `value(for:load:)` gives it, except that nil (nothing found) is never kept: what
    /// appears is seen at its next lookup.
    public func valueIfFound(for key: String, load: () async throws -> Value?) async throws -> Value? {
        try await lookup(key, load: load)
    }

    /// Drops everything this node holds (after a change made here, once committed).
    public func forget() {
        state.withLock {
            $0.generation += 1
            $0.entries.removeAll()
        }
    }

    private func lookup(_ key: String, load: () async throws -> Value?) async throws -> Value? {
        let now = ContinuousClock.now
        let (generation, entry) = state.withLock { ($0.generation, $0.entries[key]) }
        if let entry, now - entry.fetched < lifetime { return entry.value }
        guard let found = try await load() else { return nil }
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= capacity { state.entries.removeAll() }
            state.entries[key] = Entry(value: found, fetched: now)
        }
        return found
    }
}
