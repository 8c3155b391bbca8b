import Foundation
import SQLKit

/// Decides which node runs a background job, so that a job runs once per interval across all nodes.
///
/// Each job has a row in `job_leases` with the time its next run is due. A node that finds the job due moves that
/// time one interval on and runs the job; the others find it not due, or (on PostgreSQL) find the row locked by
/// the node claiming it and skip it at once (`FOR UPDATE SKIP LOCKED`) rather than wait. A poll that finds the job
/// not due only reads. On SQLite the write transaction (`BEGIN IMMEDIATE`) serialises claims. A job's first run is
/// one interval after the row is made, as a node's first run used to be one interval after it started. A run due
/// more than two intervals away (nodes restarted with a much shorter interval) is due at once; within two intervals
/// it is not, since a node whose clock or call lags another's sees the run that one just claimed a little more than
/// one interval away.
///
/// A claimed run holds the job until it ends (`running_until`): the node renews the hold every third of an interval while
/// it works and lets go when it is done (`renew`, `finish`), so no node starts the next run while one is still going,
/// however long it takes; a node that dies in a run lets go one interval after its last renewal. A run that outlasted
/// its interval makes the next one due an interval after it ended, not at once.
public struct JobLeases: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// What the table says of one job.
    public struct Lease: Sendable, Equatable {
        public let job: String
        /// The node that claimed the last run (empty before the first).
        public let holder: String
        public let dueAt: Date
        public let runs: Int
        /// Until when the run in progress holds the job; nil when no run is in progress.
        public let runningUntil: Date?
    }

    /// Claims the job's run for `node` if it is due at `now`; true means this node must run it now.
    public func claim(_ job: String, node: String, every interval: TimeInterval, now: Date = Date()) async throws -> Bool {
        let lock = database.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let next = Timestamp.string(now.addingTimeInterval(interval))
        let current = Timestamp.string(now)
        // Beyond this, a due time or a hold was set with a longer interval than this node's (nodes restarted with a
        // shorter one) and counts as passed. Not one interval: a claim made a moment after this node's `now` (by a
        // node that called later but got the lock first, or whose clock runs ahead) leaves a due time and a hold a
        // little more than one interval from it, and must not count as passed.
        let far = Timestamp.string(now.addingTimeInterval(2 * interval))
        let isDue = { (row: any SQLRow) in
            let due = try row.decode(column: "due_at", as: String.self)
            let running = try row.optionalText("running_until") ?? ""
            return (due <= current || due > far) && (running <= current || running > far)
        }
        // Most polls find the job not due: a read says so without taking SQLite's write lock or a row lock.
        let seen = try await database.read { sql in
            try await sql.raw("SELECT due_at, running_until FROM job_leases WHERE job = \(bind: job)").first()
        }
        if let seen, try !isDue(seen) { return false }
        return try await database.write { sql in
            let created = try await sql.raw(
                """
                INSERT INTO job_leases (job, holder, due_at, runs) VALUES (\(bind: job), '', \(bind: next), 0)
                ON CONFLICT (job) DO NOTHING RETURNING job
                """
            ).first()
            guard created == nil else { return false }
            guard
                let row = try await sql.raw("SELECT due_at, running_until FROM job_leases WHERE job = \(bind: job)\(unsafeRaw: lock)").first(),
                try isDue(row)
            else { return false }
            try await sql.raw(
                """
                UPDATE job_leases SET holder = \(bind: node), due_at = \(bind: next), runs = runs + 1, running_until = \(bind: next)
                WHERE job = \(bind: job)
                """
            ).run()
            return true
        }
    }

    /// Holds the run `node` claimed for one more interval from `now` (the node calls it every third of an interval while
    /// it works); nothing if the job has since been claimed by another node.
    public func renew(_ job: String, node: String, every interval: TimeInterval, now: Date = Date()) async throws {
        let until = Timestamp.string(now.addingTimeInterval(interval))
        try await database.write { sql in
            try await sql.raw(
                """
                UPDATE job_leases SET running_until = \(bind: until)
                WHERE job = \(bind: job) AND holder = \(bind: node) AND running_until IS NOT NULL
                """
            ).run()
        }
    }

    /// Ends the run `node` claimed: the job is free for the next claim, due when it was, or one interval from `now`
    /// if the run outlasted its interval. Nothing if the job has since been claimed by another node.
    public func finish(_ job: String, node: String, every interval: TimeInterval, now: Date = Date()) async throws {
        let current = Timestamp.string(now)
        let next = Timestamp.string(now.addingTimeInterval(interval))
        try await database.write { sql in
            guard
                let row = try await sql.raw(
                    "SELECT due_at FROM job_leases WHERE job = \(bind: job) AND holder = \(bind: node) AND running_until IS NOT NULL"
                ).first()
            else { return }
            let due = try row.decode(column: "due_at", as: String.self)
            try await sql.raw(
                """
                UPDATE job_leases SET running_until = NULL, due_at = \(bind: due < current ? next : due)
                WHERE job = \(bind: job) AND holder = \(bind: node)
                """
            ).run()
        }
    }

    /// Every job's row, by name (for operators and tests).
    public func all() async throws -> [Lease] {
        try await database.read { sql in
            try await sql.raw("SELECT job, holder, due_at, runs, running_until FROM job_leases ORDER BY job").all().map { row in
                Lease(
                    job: try row.decode(column: "job", as: String.self), holder: try row.decode(column: "holder", as: String.self),
                    dueAt: try row.date("due_at"), runs: try row.decode(column: "runs", as: Int.self),
                    runningUntil: Timestamp.date(try row.optionalText("running_until")))
            }
        }
    }
}
