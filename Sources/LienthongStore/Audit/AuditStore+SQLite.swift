import Foundation
import Lienthong
import SQLKit
import SQLiteNIO

/// SQLite appends: a batch is one statement, `INSERT INTO audit_append` (migration 20), whose trigger checks for each
/// entry that the log ends where it follows, writes it and its subjects, and moves the end. One statement is atomic,
/// so a batch needs no `BEGIN` and `COMMIT`: one call on the writing connection's thread where a transaction took
/// five, each a hand-over between threads that waits its turn for a core when the server is busy (a batch of ten
/// entries took 4–5 ms that way under the gateway benchmark, and every read in it waited).
extension AuditStore {
    /// Writes `batch` if the log still ends at `batch.start`; false, with nothing written, when it does not.
    /// `locked` is called with the batch's end as the statement goes out, so that the next batch is prepared after it
    /// (if this one then fails, that one finds the end elsewhere and is chained again).
    func sqliteAppend(_ batch: AuditBatch, locked: @Sendable (AuditTail) -> Void) async throws -> Bool {
        try await database.sqliteAutocommit { sql in
            locked(batch.end)
            return try await Self.sqliteInsert(batch, sql)
        }
    }

    /// Appends the drafts after the end the log has now, read while this process holds the writing connection (so
    /// that its own batches cannot move it meanwhile); read again when another process moved it first.
    func sqliteAppendReadingTail(_ drafts: [AuditDraft], at time: Date, locked: @Sendable (AuditTail) -> Void) async throws -> AuditBatch {
        for _ in 0..<Self.sqliteAttempts {
            let written = try await database.sqliteAutocommit { sql -> AuditBatch? in
                try await sql.raw(Self.createState).run()
                let tail = try await Self.tail(sql)
                // Hashing is work for the global executor, not for the connection's event loop.
                let batch = await withTaskExecutorPreference(globalConcurrentExecutor) {
                    AuditBatch(drafts, after: tail, at: time, for: .sqlite)
                }
                locked(batch.end)
                return try await Self.sqliteInsert(batch, sql) ? batch : nil
            }
            if let written { return written }
        }
        throw StoreError.unreachable("the audit log's end moved under \(Self.sqliteAttempts) batches in a row")
    }

    /// The one statement of a batch; false when the trigger refused it because the log does not end where it starts.
    private static func sqliteInsert(_ batch: AuditBatch, _ sql: any SQLDatabase) async throws -> Bool {
        guard let json = batch.rows.json else { throw StoreError.incompatible("audit JSON rows without SQLite") }
        do {
            try await sql.raw("INSERT INTO audit_append (\(unsafeRaw: viewColumns)) SELECT \(unsafeRaw: viewValues) FROM \(json.table(.sqlite))")
                .run()
            return true
        } catch let error as SQLiteError where error.message.contains(Migration.auditTailMoved) {
            return false
        }
    }

    /// The columns of `audit_append`: an entry's, then the chain hash it follows and its subjects as a JSON array.
    private static let viewColumns = (columns + ["previous_chain_hash", "subject_list"]).joined(separator: ", ")
    private static let viewValues = ([JSONRows.integer(0)] + (1..<columns.count + 2).map(JSONRows.text)).joined(separator: ", ")

    /// How often a batch is chained again before the append fails.
    private static let sqliteAttempts = 100
}
