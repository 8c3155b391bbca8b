import Synchronization

/// What a node looked up and trusts for a short while (half a second by default), so that hot paths (a record by key,
/// the gateway's grant check) skip queries whose answer rarely changes, while a change made on any node holds
/// everywhere within one second. The node that makes a change calls `forget` once it is committed and sees it at
/// once: a lookup that began before the `forget` may answer with what it found, but does not keep it.
///
/// One lookup per key is under way at a time: callers that find the value missing or expired while another caller
/// is already looking it up wait for that lookup's answer instead of asking the database again (64 requests that
/// find the grants expired together cost one query, not 64). A caller that comes after a `forget` never waits for a
/// lookup begun before it.
public final class TimedCache<Value: Sendable>: Sendable {
    private struct Entry {
        let value: Value
        let fetched: ContinuousClock.Instant
    }

    /// A lookup under way, which later callers for its key wait for.
    private struct Lookup {
        let started: ContinuousClock.Instant
        let task: Task<Value?, any Error>
    }

    /// What a caller does: answer with the value kept, or wait for a lookup.
    private enum Step {
        case kept(Value)
        case wait(Lookup)
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// The lookups under way, begun since the last `forget`.
        var lookups: [String: Lookup] = [:]
    }

    private let state = Mutex(State())
    private let lifetime: Duration
    private let capacity: Int

    public init(lifetime: Duration = .milliseconds(500), capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The value for `key`: the one looked up less than `lifetime` ago, or what `load` finds now.
    public func value(for key: String, load: @escaping @Sendable () async throws -> Value) async throws -> Value {
        // `load` never answers nil, so the lookup has a value unless the key was also looked up with `valueIfFound`.
        if let value = try await lookup(key, load: { try await load() as Value? }) { return value }
        return try await load()
    }

    /// The value for `key` as `value(for:load:)` gives it, except that nil (nothing found) is never kept: what
    /// appears is seen at its next lookup.
    public func valueIfFound(for key: String, load: @escaping @Sendable () async throws -> Value?) async throws -> Value? {
        try await lookup(key, load: load)
    }

    /// Drops everything this node holds (after a change made here, once committed); lookups under way are not
    /// waited for by later callers, and do not keep what they find.
    public func forget() {
        state.withLock {
            $0.entries.removeAll()
            $0.lookups.removeAll()
        }
    }

    private func lookup(_ key: String, load: @escaping @Sendable () async throws -> Value?) async throws -> Value? {
        let now = ContinuousClock.now
        let step: Step = state.withLock { state in
            if let entry = state.entries[key], now - entry.fetched < lifetime { return .kept(entry.value) }
            if let lookup = state.lookups[key] { return .wait(lookup) }
            // A task of its own, so that a caller that is cancelled does not fail the others waiting.
            let lookup = Lookup(started: now, task: Task { try await load() })
            state.lookups[key] = lookup
            return .wait(lookup)
        }
        switch step {
        case .kept(let value):
            return value
        case .wait(let lookup):
            let result = await lookup.task.result
            state.withLock { state in
                // Still listed only when no `forget` came since it began; the first waiter back keeps its answer.
                guard state.lookups[key]?.task == lookup.task else { return }
                state.lookups[key] = nil
                guard case .success(let found?) = result else { return }
                if state.entries.count >= capacity { state.entries.removeAll() }
                state.entries[key] = Entry(value: found, fetched: lookup.started)
            }
            return try result.get()
        }
    }
}
