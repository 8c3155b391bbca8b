import Foundation
import Synchronization

/// What a node remembers about presented keys and session tokens, for a short time.
///
/// Looking a key up on every request would cost a query each; remembering it forever would let a revoked
/// key work on other nodes. Entries live `lifetime` (half a second by default), so a revocation made on
/// any node holds on every node within that time; the node that revokes forgets the entry at once.
final class CredentialCache: Sendable {
    private struct Entry {
        let identity: Identity?
        let storedAt: ContinuousClock.Instant
    }

    private let lifetime: Duration
    private let entries = Mutex<[String: Entry]>([:])
    private let capacity = 10_000

    init(lifetime: Duration) {
        self.lifetime = lifetime
    }

    /// The remembered answer for a token hash: `.some(nil)` means "known to be invalid".
    func lookup(_ tokenHash: String) -> Identity?? {
        let now = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries[tokenHash] else { return nil }
            if now - entry.storedAt > lifetime {
                entries[tokenHash] = nil
                return nil
            }
            return .some(entry.identity)
        }
    }

    func store(_ identity: Identity?, for tokenHash: String) {
        let now = ContinuousClock.now
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[tokenHash] = Entry(identity: identity, storedAt: now)
        }
    }

    /// Forgets everything (after a revocation, rotation or deactivation on this node).
    func removeAll() {
        entries.withLock { $0.removeAll() }
    }
}
