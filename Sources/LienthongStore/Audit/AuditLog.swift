import Foundation
import Lienthong
import Synchronization

/// Appends to the audit log with group commit: every caller waits until its own entry is committed, and
/// entries that arrive while a transaction is in flight go together in the next one.
///
/// One transaction per request would cap appends at what one commit costs; here the cost is shared by
/// everything that arrived meanwhile, so throughput grows with load while each caller still gets its
/// entry back only after it is durable.
///
/// Two batches may be in flight: once one is on its way, the next is hashed and sent after the end that one
/// leaves, and waits at the server for it to commit (`AuditStore.append(_:locked:)`), so hashing and the database's
/// work overlap (on PostgreSQL; on SQLite a batch is one statement, and the next starts once it is written). When the
/// end moved under it (another node wrote, or the batch before failed), a batch reads the end under the lock and is
/// chained again; nothing is written out of order.
public final class AuditLog: Sendable {
    private struct Waiting {
        let draft: AuditDraft
        let continuation: CheckedContinuation<AuditEntry, any Error>
    }

    /// A batch allowed to start, with the end it is to follow (nil: read it under the lock) and the `epoch` it
    /// started in; it takes its entries from the queue when it runs.
    private struct Started {
        let after: AuditTail?
        let epoch: Int
    }

    private struct State {
        var queue: [Waiting] = []
        /// Batches started and not yet finished.
        var inFlight = 0
        /// The entries those batches took.
        var entriesInFlight = 0
        /// A started batch is not yet on its way (PostgreSQL: sent; SQLite: written; read under the lock: holding it):
        /// the next one waits until it is.
        var starting = false
        /// The end the newest batch on its way leaves; nil when unknown.
        var tail: AuditTail?
        /// Counts the batches that found the log's end moved. A batch on its way is not yet known to be written, so the
        /// end it leaves is kept only if no batch found the end moved since it started: otherwise it may have started
        /// after an end that was never written, and each batch after it would find the end moved in turn.
        var epoch = 0

        /// The fewest waiting entries split between two batches.
        static let worthSplitting = 64

        /// The next batch to start, if one may start now.
        mutating func start() -> Started? {
            guard !queue.isEmpty, !starting, inFlight < 2 else { return nil }
            inFlight += 1
            starting = true
            defer { tail = nil }
            return Started(after: tail, epoch: epoch)
        }

        /// The entries of the batch that is starting (only one is at a time). When many wait, it takes no more
        /// than half of them and of the other batch in flight together, and leaves the rest for the batch after it:
        /// otherwise the callers of one large batch would come back together and fill the next large batch, while
        /// the batch between stayed small and the log's end sat idle while the large one's callers were answered.
        /// (With no other batch in flight, every caller would ride in one batch and two would never overlap again.)
        /// Without `split` (SQLite, where batches do not overlap) it takes every caller, up to `maximum`.
        mutating func take(maximum: Int, split: Bool) -> [Waiting] {
            var count = min(queue.count, maximum)
            if split, queue.count >= Self.worthSplitting { count = min(count, (queue.count + entriesInFlight + 1) / 2) }
            entriesInFlight += count
            defer { queue.removeFirst(count) }
            return Array(queue.prefix(count))
        }
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
            let next = state.withLock { state in
                state.queue.append(Waiting(draft: draft, continuation: continuation))
                return state.start()
            }
            if let next { Task { await self.write(next) } }
        }
    }

    /// Writes one batch and resumes its callers; starts the next batch as soon as this one is on its way.
    private func write(_ batch: Started) async {
        // The callers of the batch that just committed are appending again: let them, so that batches stay
        // large instead of alternating between most of the callers and a few.
        await Task.yield()
        // Only where two batches overlap (PostgreSQL): a SQLite batch is one statement, and the next starts once it
        // is written, so half the callers would wait a whole write for nothing.
        let split = store.database.dialect == .postgres
        let waiting = state.withLock { $0.take(maximum: maximumBatch, split: split) }
        let locked = Mutex(false)
        let didLock: @Sendable (AuditTail) -> Void = { end in
            let next = self.state.withLock { state -> Started? in
                // Called again when a batch sent after a known end found it moved and was chained again under the
                // lock: the batch that started meanwhile may be starting still, and is let be.
                guard !locked.withLock({ $0 }) else { return nil }
                locked.withLock { $0 = true }
                state.starting = false
                state.tail = batch.epoch == state.epoch ? end : nil
                return state.start()
            }
            if let next { Task { await self.write(next) } }
        }
        let drafts = waiting.map(\.draft)
        let result: Result<[AuditEntry], any Error>
        do {
            if let after = batch.after {
                let prepared = AuditBatch(drafts, after: after, at: Date(), for: store.database.dialect)
                if try await store.append(prepared, locked: didLock) {
                    result = .success(prepared.entries)
                } else {
                    state.withLock { state in
                        state.epoch += 1
                        state.tail = nil
                    }
                    result = .success(try await store.appendReadingTail(drafts, at: Date(), locked: didLock).entries)
                }
            } else {
                result = .success(try await store.appendReadingTail(drafts, at: Date(), locked: didLock).entries)
            }
        } catch {
            result = .failure(error)
        }
        let next = state.withLock { state in
            state.inFlight -= 1
            state.entriesInFlight -= waiting.count
            if case .failure = result {
                // This batch's end was never reached: the next batch reads the end under the lock.
                state.epoch += 1
                state.tail = nil
                if !locked.withLock({ $0 }) { state.starting = false }
            }
            return state.start()
        }
        switch result {
        case .success(let entries):
            for (caller, entry) in zip(waiting, entries) { caller.continuation.resume(returning: entry) }
        case .failure(let error):
            for caller in waiting { caller.continuation.resume(throwing: error) }
        }
        if let next { Task { await self.write(next) } }
    }
}
