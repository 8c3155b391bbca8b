import Foundation
import Lienthong
import Synchronization

/// Appends to the audit log with group commit: every caller waits until its own entry is committed, and
/// entries that arrive while a transaction is in flight go together in the next one.
///
/// One transaction per request would cap appends at what one commit costs; here the cost is shared by
/// everything that arrived meanwhile, so throughput grows with load while each caller still gets its
/// entry back only after it is durable.
public final class AuditLog: Sendable {
    private struct Waiting {
        let draft: AuditDraft
        let continuation: CheckedContinuation<AuditEntry, any Error>
    }

    private struct State {
        var queue: [Waiting] = []
        var writing = false
    }

    public let store: AuditStore
    private let state = Mutex(State())
    /// The most entries one transaction takes.
    private let maximumBatch: Int

    public init(store: AuditStore, maximumBatch: Int = 5_000) {
        self.store = store
        self.maximumBatch = maximumBatch
    }

    /// Appends one entry and returns it once it is committed.
    @discardableResult
    public func append(_ draft: AuditDraft) async throws -> AuditEntry {
        try await withCheckedThrowingContinuation { continuation in
            let startWriter = state.withLock { state in
                state.queue.append(Waiting(draft: draft, continuation: continuation))
                if state.writing { return false }
                state.writing = true
                return true
            }
            if startWriter {
                Task { await self.drain() }
            }
        }
    }

    /// Writes batches until the queue is empty.
    private func drain() async {
        while true {
            let batch: [Waiting] = state.withLock { state in
                guard !state.queue.isEmpty else {
                    state.writing = false
                    return []
                }
                let count = min(state.queue.count, maximumBatch)
                let batch = Array(state.queue.prefix(count))
                state.queue.removeFirst(count)
                return batch
            }
            guard !batch.isEmpty else { return }
            do {
                let entries = try await store.append(batch.map(\.draft))
                for (waiting, entry) in zip(batch, entries) { waiting.continuation.resume(returning: entry) }
            } catch {
                for waiting in batch { waiting.continuation.resume(throwing: error) }
            }
        }
    }
}
