import Synchronization

/// Lookups by key gathered into one query per group (a table), as group commit gathers writes: while one lookup of a
/// group runs, the callers that arrive for the same group wait, and then go together as the next query, run by the
/// first of them. Under load, 64 reads by key cost a few queries instead of 64; alone, a caller runs its query at once.
///
/// A caller never takes its answer from a query that began before it arrived, so it sees every write committed
/// before it asked. A query's failure fails the callers gathered into it, and no others. A query runs in the task of
/// the caller that leads it (a task of its own would cost two hand-overs between threads per query); if it fails
/// there and that task was cancelled meanwhile, it runs again in a task of its own, so that a caller cancelled while
/// it waited does not fail the others.
final class KeyedBatcher<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// A caller waiting for the next query of its group.
    private struct Waiter: Sendable {
        let key: Key
        let continuation: CheckedContinuation<Turn, Never>
    }

    /// What a waiting caller is told: its answer, or to run the next query for itself and the others.
    private enum Turn: Sendable {
        case answered(Result<Value?, any Error>)
        case lead([Waiter])
    }

    /// The groups with a query running, and the callers waiting for the next one.
    private let running = Mutex<[String: [Waiter]]>([:])
    /// The most keys one query asks for; callers beyond wait for the query after.
    let maximumBatch: Int

    init(maximumBatch: Int = 256) {
        self.maximumBatch = maximumBatch
    }

    /// The value for `key` among what `fetch` finds for the keys gathered with it (nil when it finds none).
    /// `fetch` gets each key once, and must answer the same way whichever caller of the group runs it.
    func value(
        for key: Key, in group: String, fetch: @escaping @Sendable ([Key]) async throws -> [Key: Value]
    ) async throws -> Value? {
        var others: [Waiter] = []
        if !running.withLock({ Self.claim(group, &$0) }) {
            let turn = await withCheckedContinuation { continuation in
                let leads = running.withLock { running in
                    if Self.claim(group, &running) { return true }
                    running[group, default: []].append(Waiter(key: key, continuation: continuation))
                    return false
                }
                if leads { continuation.resume(returning: .lead([])) }
            }
            switch turn {
            case .answered(let result): return try result.get()
            case .lead(let waiters): others = waiters
            }
        }
        let keys = others.isEmpty ? [key] : Array(Set([key] + others.map(\.key)))
        var result: Result<[Key: Value], any Error>
        do {
            result = .success(try await fetch(keys))
        } catch {
            result = .failure(error)
        }
        if case .failure = result, Task.isCancelled, !others.isEmpty {
            // The query ran in a task cancelled meanwhile, which may be why it failed: the others asked in tasks of
            // their own, and get an answer from a task that is not cancelled.
            do {
                result = .success(try await Task { try await fetch(keys) }.value)
            } catch {
                result = .failure(error)
            }
        }
        // The next query's callers all arrived before this query ended, whatever it was asked.
        let next = running.withLock { running -> [Waiter] in
            let waiting = running[group] ?? []
            if waiting.isEmpty {
                running[group] = nil
                return []
            }
            running[group] = Array(waiting.dropFirst(maximumBatch))
            return Array(waiting.prefix(maximumBatch))
        }
        if let leader = next.first { leader.continuation.resume(returning: .lead(Array(next.dropFirst()))) }
        for waiter in others { waiter.continuation.resume(returning: .answered(result.map { $0[waiter.key] })) }
        return try result.get()[key]
    }

    /// How many callers wait for the next query of `group`.
    func waiting(in group: String) -> Int {
        running.withLock { $0[group]?.count ?? 0 }
    }

    /// Marks `group` as running a query, if none was; returns whether the caller runs it.
    private static func claim(_ group: String, _ running: inout [String: [Waiter]]) -> Bool {
        guard running[group] == nil else { return false }
        running[group] = []
        return true
    }
}
