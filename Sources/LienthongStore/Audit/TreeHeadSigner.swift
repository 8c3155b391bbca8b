import Foundation
import Lienthong
import Logging
import ServiceLifecycle

/// Signs a tree head when the log has grown by `everyEntries` since the last one, or when `interval` has
/// passed and anything at all was appended. Any node may run it: heads are keyed by size, so two nodes signing the
/// same size keep one (a lease would cost a write per head for nothing: the work is a few reads, the insert is
/// idempotent).
///
/// It remembers the right edge of the tree (`MerkleFrontier`) between runs, so each head costs reading only
/// the leaves appended since the last.
public actor TreeHeadSigner: Service {
    private let store: AuditStore
    private let key: AuditSigningKey
    private let everyEntries: Int64
    private let interval: Duration
    private let logger: Logger
    private var frontier = MerkleFrontier()

    public init(store: AuditStore, key: AuditSigningKey, everyEntries: Int64 = 1_000, interval: Duration = .seconds(10), logger: Logger) {
        self.store = store
        self.key = key
        self.everyEntries = everyEntries
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        let poll = min(interval, .seconds(1))
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: poll)
                do {
                    try await self.signIfDue()
                } catch {
                    self.logger.warning("could not sign an audit tree head", metadata: ["error.type": "\(type(of: error))"])
                }
            }
        }
    }

    /// Signs a head of the log's current size if one is due (or whenever it grew, with `force`).
    @discardableResult
    public func signIfDue(force: Bool = false) async throws -> SignedTreeHead? {
        let size = try await store.nextSequence()
        let latest = try await store.latestTreeHead()
        let signedSize = latest?.treeSize ?? 0
        guard size > signedSize else { return nil }
        let elapsed = latest.map { Date().timeIntervalSince($0.timestamp) } ?? .infinity
        let due = force || size - signedSize >= everyEntries || elapsed >= Double(interval.components.seconds)
        guard due else { return nil }
        if Int64(frontier.size) > size { frontier = MerkleFrontier() }
        let leaves = try await store.leafHashes(from: Int64(frontier.size), upTo: size)
        for leaf in leaves { frontier.append(leaf) }
        guard Int64(frontier.size) == size else {
            frontier = MerkleFrontier()
            throw StoreError.incompatible("the audit log has gaps below \(size)")
        }
        let head = try SignedTreeHead.sign(treeSize: size, root: frontier.root, key: key)
        try await store.insert(head)
        return head
    }
}
