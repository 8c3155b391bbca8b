import Synchronization

/// A batch's place behind the batch before it from the same process, so that the two reach the log's end in the
/// order they were chained in although both write their rows at once.
///
/// A batch chained after the end the batch before will leave writes its rows while that one still writes its own,
/// but it must not move the log's end first: it would find the end where the batch before found it and give up.
/// So it waits for the batch before to announce two moments: `writing` (it may write: on PostgreSQL it holds the
/// `audit_state` table in `ROW EXCLUSIVE` mode, which a writer reading the end under the lock waits for) and
/// `holdsEnd` (it moved the end, and the batch behind now waits on the row until it commits). Both are announced,
/// at the latest, when the batch's write ends, however it ends.
final class AuditTurn: Sendable {
    let writing = AuditSignal()
    let holdsEnd = AuditSignal()

    /// Announces both moments (the write ended, one way or another).
    func finish() {
        writing.fire()
        holdsEnd.fire()
    }
}

/// A moment that tasks wait for and one task announces, once.
final class AuditSignal: Sendable {
    private struct State {
        var fired = false
        var waiters: [Int: CheckedContinuation<Bool, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    /// Announces the moment: every wait returns, and later waits return at once.
    func fire() {
        let waiters = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            guard !state.fired else { return [] }
            state.fired = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: true) }
    }

    /// Waits for the moment; false when `limit` passed first.
    func wait(upTo limit: Duration) async -> Bool {
        await withCheckedContinuation { continuation in
            let id: Int? = state.withLock { state in
                guard !state.fired else { return nil }
                let id = state.nextWaiter
                state.nextWaiter += 1
                state.waiters[id] = continuation
                return id
            }
            guard let id else { return continuation.resume(returning: true) }
            Task {
                try? await Task.sleep(for: limit)
                self.state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(returning: false)
            }
        }
    }
}
