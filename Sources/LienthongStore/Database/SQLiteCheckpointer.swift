import Logging
import SQLKit
import SQLiteKit
import SQLiteNIO
import Synchronization

/// Copies committed pages from SQLite's write-ahead log into the database file in the background, on a connection of
/// its own, so that the writer never does it.
///
/// SQLite's default is for the connection whose commit takes the log past 1,000 pages to checkpoint at once, `fsync`
/// included, before its commit returns. Under the gateway benchmark that stalled the writer every few hundred batches;
/// the audit appends queued behind it, every read waiting for its entry queued behind them, and the cores went idle a
/// tenth of the time. The writer turns automatic checkpoints off (`wal_autocheckpoint=0`) and this checks every
/// `interval` whether anything was written since it last looked; if so (or if the last checkpoint left frames behind,
/// or every 200 intervals (5 s) in any case, for other processes' writes), it runs a `PASSIVE` checkpoint, which copies
/// what no reader still needs without taking the writer's lock, and once the log is long a `RESTART` checkpoint
/// (`defaultRestartFrames`). SQLite checkpoints once more when the last connection to the file closes.
///
/// The interval is 25 ms: each checkpoint then copies and syncs about a quarter of what it did every 100 ms, and the
/// writer's commits meet shorter bursts of write-back. Under the gateway benchmark, six alternating pairs: p99 9.96–11.21
/// ms every 100 ms, 8.11–9.73 ms every 25 ms, at the same rate of reads.
final class SQLiteCheckpointer: Sendable {
    private let connection: SQLiteConnection
    /// The gate of this process's writer, held while the log is started over.
    private let writerGate: AsyncSemaphore
    /// The log's length (in pages) past which a checkpoint also starts it over (`defaultRestartFrames`).
    private let restartFrames: Int
    private let writes = Atomic<Int>(0)
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(
        connection: SQLiteConnection, writerGate: AsyncSemaphore, interval: Duration = .milliseconds(25),
        restartFrames: Int = defaultRestartFrames, logger: Logger
    ) {
        self.connection = connection
        self.writerGate = writerGate
        self.restartFrames = restartFrames
        task.withLock {
            $0 = Task { [weak self] in
                var seen = 0
                var idle = 0
                var behind = false
                var failing = false
                // Rounds to let pass before the next `RESTART`, and how many after the next one that gives up.
                var (restartWait, restartBackoff) = (0, 1)
                while true {
                    try? await Task.sleep(for: interval)
                    guard !Task.isCancelled, let self else { return }
                    let written = self.writes.load(ordering: .relaxed)
                    idle += 1
                    // After a write here, while the last checkpoint left frames behind (readers still needed them),
                    // and now and then in case another process wrote.
                    guard written != seen || behind || idle >= Self.idleRounds else { continue }
                    (seen, idle) = (written, 0)
                    do {
                        let row = try await self.connection.sql().raw("PRAGMA wal_checkpoint(PASSIVE)").first()
                        let log = try row?.decode(column: "log", as: Int.self) ?? 0
                        behind = try log > row?.decode(column: "checkpointed", as: Int.self) ?? 0
                        restartWait = max(restartWait - 1, 0)
                        if log >= self.restartFrames, restartWait <= 0 {
                            if try await self.restart() {
                                restartBackoff = 1
                            } else {
                                // A reader stayed in the log (a backup, an export): the writer is not held again at
                                // once, but after 1, 2, 4 … rounds, up to 5 s.
                                restartWait = restartBackoff
                                restartBackoff = min(restartBackoff * 2, Self.idleRounds)
                            }
                            behind = false
                        }
                        failing = false
                    } catch is CancellationError {
                        return
                    } catch {
                        // Said once until a checkpoint works again, not every interval.
                        if !failing { logger.warning("the background checkpoint failed", metadata: ["error": "\(error)"]) }
                        (failing, behind) = (true, false)
                    }
                }
            }
        }
    }

    /// The log's length (in pages) past which a checkpoint also starts it over. Under steady writes the log is never
    /// wholly copied at the moment a write begins, which is when SQLite starts it over, so it would grow for as long
    /// as the writes go on; a `RESTART` checkpoint between two of this process's transactions (`restart()`) lets the
    /// next write start the log from its beginning. That pauses the writer for a few milliseconds (the last pages are
    /// copied and both files synced), so it comes every 128 MB of log: under the gateway benchmark, about once a
    /// second. (Every 16 MB, it came about five times a second, and the pauses alone were more than the slowest
    /// percent of the reads: their p99 went from about 10.5 ms to 15–19 ms.) A reader that stays in the log longer
    /// than `readerWait` (a backup) keeps it growing past this until the reader is done.
    static let defaultRestartFrames = 32_768

    /// A `RESTART` checkpoint while this process's writer waits at its gate. Two `PASSIVE` checkpoints first, outside
    /// the gate, copy what was written while the one before ran, so that little is left to copy and sync under it.
    /// The checkpoint then waits only for readers still in the log: it is tried again every 100 µs (the connection's
    /// busy timeout is 0), and given up after `readerWait`; false when it was. (SQLite's busy handler sleeps 1, 2, 5,
    /// 10 ms and longer, while a reader is gone in a fraction of one; left to meet the writer there instead, the writer
    /// slept in steps of up to 25 ms and the gateway's p99 went from 45 to 125 ms.)
    private func restart() async throws -> Bool {
        for _ in 0..<2 { try await connection.sql().raw("PRAGMA wal_checkpoint(PASSIVE)").run() }
        return try await writerGate.withPermit {
            let deadline = ContinuousClock.now + Self.readerWait
            while try await connection.sql().raw("PRAGMA wal_checkpoint(RESTART)").first()?.decode(column: "busy", as: Int.self) == 1 {
                guard ContinuousClock.now < deadline else { return false }
                try await Task.sleep(for: .microseconds(100))
            }
            return true
        }
    }

    /// How long a `RESTART` waits for the readers still in the log, the writer held, before it gives up for a round.
    private static let readerWait = Duration.milliseconds(25)

    /// How many intervals pass without a write here before a checkpoint runs anyway (another process may have written).
    private static let idleRounds = 200

    /// Notes that the writer wrote (a checkpoint is due at the next look); called after the write, so that a
    /// checkpoint running during it does not count it as copied.
    func wrote() {
        writes.add(1, ordering: .relaxed)
    }

    /// Stops checking and closes the connection.
    func close() async {
        let running = task.withLock { task in
            defer { task = nil }
            return task
        }
        running?.cancel()
        await running?.value
        try? await connection.close().get()
    }
}
