import Foundation
import Lienthong
import LienthongStore
import Synchronization

/// The grants a node has looked up for the gateway, by consumer agency and dataset, trusted for at most half a
/// second: a revocation on any node stops reads on every node within one second, and at once on the node that
/// revoked (it calls `forget`). Without it, every gateway read would cost one more query.
final class GrantCache: Sendable {
    private struct Entry {
        let grants: [Grant]
        let fetched: ContinuousClock.Instant
    }

    private let entries = Mutex([String: Entry]())
    private let lifetime: Duration
    private let store: SharingStore

    init(store: SharingStore, lifetime: Duration = .milliseconds(500)) {
        self.store = store
        self.lifetime = lifetime
    }

    /// The consumer's grants on the dataset that are not revoked or over (the caller checks client, purpose and time).
    func grants(consumer: String, dataset: String) async throws -> [Grant] {
        let key = consumer + "\u{1F}" + dataset
        let now = ContinuousClock.now
        if let entry = entries.withLock({ $0[key] }), now - entry.fetched < lifetime { return entry.grants }
        let grants = try await store.liveGrants(consumer: consumer, dataset: dataset)
        entries.withLock { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[key] = Entry(grants: grants, fetched: now)
        }
        return grants
    }

    /// Drops everything this node holds (after a grant changed here).
    func forget() {
        entries.withLock { $0.removeAll() }
    }
}
