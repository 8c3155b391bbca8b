import Foundation
import SQLKit

/// Decides which node runs a background job, so that a job runs once per interval across all nodes.
///
/// Each job has a row in `job_leases` with the time its next run is due. A node that finds the job due moves that
/// time one interval on and runs the job; the others find it not due, or (on PostgreSQL) find the row locked by
/// the node claiming it and skip it at once (`FOR UPDATE SKIP LOCKED`) rather than wait. A poll that finds the job
/// not due only reads. On SQLite the write transaction (`BEGIN IMMEDIATE`) serialises claims. A job's first run is
/// one interval after the row is made, as a node's first run used to be one interval after it started. A run due
/// further away than one interval (nodes restarted with a shorter interval) is due at once.
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
    }

    /// Claims the job's run for `node` if it is due at `now`; true means this node must run it now.
    public func claim(_ job: String, node: String, every interval: TimeInterval, now: Date = Date()) async throws -> Bool {
        let lock = database.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let next = Timestamp.string(now.addingTimeInterval(interval))
        // Due, or due later than one interval from now: the interval was shortened since the last run.
        let isDue = { (due: String) in due <= Timestamp.string(now) || due > next }
        // Most polls find the job not due: a read says so without taking SQLite's write lock or a row lock.
        let seen = try await database.read { sql in
            try await sql.raw("SELECT due_at FROM job_leases WHERE job = \(bind: job)").first()?.decode(column: "due_at", as: String.self)
        }
        if let seen, !isDue(seen) { return false }
        return try await database.write { sql in
            let created = try await sql.raw(
                """
                INSERT INTO job_leases (job, holder, due_at, runs) VALUES (\(bind: job), '', \(bind: next), 0)
                ON CONFLICT (job) DO NOTHING RETURNING job
                """
            ).first()
            guard created == nil else { return false }
            guard
                let row = try await sql.raw("SELECT due_at FROM job_leases WHERE job = \(bind: job)\(unsafeRaw: lock)").first(),
                isDue(try row.decode(column: "due_at", as: String.self))
            else { return false }
            try await sql.raw(
                """
                UPDATE job_leases SET holder = \(bind: node), due_at = \(bind: next), runs = runs + 1 WHERE job = \(bind: job)
                """
            ).run()
            return true
        }
    }

    /// Every job's row, by name (for operators and tests).
    public func all() async throws -> [Lease] {
        try await database.read { sql in
            try await sql.raw("SELECT job, holder, due_at, runs FROM job_leases ORDER BY job").all().map { row in
                Lease(
                    job: try row.decode(column: "job", as: String.self), holder: try row.decode(column: "holder", as: String.self),
                    dueAt: try row.date("due_at"), runs: try row.decode(column: "runs", as: Int.self))
            }
        }
    }
}
