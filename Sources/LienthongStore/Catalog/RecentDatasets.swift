import Lienthong
import Synchronization

/// Datasets this node read a moment ago, so that hot reads (a record by key) skip the catalog query: an entry
/// serves for half a second, as the gateway's grants do, and a change made through this node's `DatasetStore`
/// drops them all at once; a change made on another node holds here within the half second.
final class RecentDatasets: Sendable {
    private struct Entry {
        let dataset: Dataset
        let fetched: ContinuousClock.Instant
    }

    private let state = Mutex((generation: 0, entries: [String: Entry]()))
    private let lifetime: Duration
    private let capacity: Int

    init(lifetime: Duration = .milliseconds(500), capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The dataset under `key` read less than `lifetime` ago, or what `load` finds now (kept unless the catalog
    /// changed on this node while it loaded; an unknown dataset is never kept).
    func dataset(_ key: String, load: () async throws -> Dataset?) async throws -> Dataset? {
        let now = ContinuousClock.now
        let (generation, entry) = state.withLock { ($0.generation, $0.entries[key]) }
        if let entry, now - entry.fetched < lifetime { return entry.dataset }
        guard let found = try await load() else { return nil }
        state.withLock { state in
            guard state.generation == generation else { return }
            if state.entries.count >= capacity { state.entries.removeAll() }
            state.entries[key] = Entry(dataset: found, fetched: now)
        }
        return found
    }

    /// Drops everything (after a change to the catalog made on this node).
    func forget() {
        state.withLock {
            $0.generation += 1
            $0.entries.removeAll()
        }
    }
}
