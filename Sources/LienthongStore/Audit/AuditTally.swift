import Synchronization

/// Counts kept over the append-only audit log, by key, with the sequence they were counted up to.
///
/// The log never changes below its end, so a count once made stays true: a reader counts only the entries
/// appended since, instead of the whole log on every page (the scoreboard's reads served used to scan every
/// gateway read ever made). One tally lives as long as its ``Database``; several nodes each keep their own.
final class AuditTally: Sendable {
    private let state = Mutex((through: Int64(0), counts: [String: Int]()))

    /// The first sequence not yet counted.
    var through: Int64 { state.withLock { $0.through } }

    /// Adds the counts of entries `from..<to` and returns the tally. When another reader has moved the tally
    /// from `from` meanwhile, its counts already cover these entries (or will), so `delta` is dropped.
    func advance(from: Int64, to: Int64, adding delta: [String: Int]) -> [String: Int] {
        state.withLock { state in
            if state.through == from && to > from {
                for (key, count) in delta { state.counts[key, default: 0] += count }
                state.through = to
            }
            return state.counts
        }
    }
}
