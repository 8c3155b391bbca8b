import Foundation
import Lienthong
import SQLKit
import SQLiteNIO

/// SQLite appends: a batch is one statement, `INSERT INTO audit_append` (migration 20), whose trigger checks for each
/// entry that the log ends where it follows, writes it and its subjects, and moves the end. One statement is atomic,
/// so a batch needs no `BEGIN` and `COMMIT` (except when it must read the log's end first): one call on the writing connection's thread where a transaction took
/// five, each a hand-over between threads that waits its turn for a core when the server is busy (a batch of ten
/// entries took 4–5 ms that way under the gateway benchmark, and every read in it waited).
extension AuditStore {
    /// Writes `batch` if the log still ends at `batch.start`, then calls `locked` with its end; false, with nothing
    /// written and `locked` not called, when it does not. (Called before the statement, `locked` would start the next
    /// batch after an end that a refused batch never reaches, and every batch after it would be refused in turn.)
    func sqliteAppend(_ batch: AuditBatch, locked: @Sendable (AuditTail) -> Void) async throws -> Bool {
        let written = try await database.sqliteAutocommit { sql in try await Self.sqliteInsert(batch, sql) }
        if written { locked(batch.end) }
        return written
    }

    /// Appends the drafts after the end the log has now, read in a `BEGIN IMMEDIATE` transaction: it holds the file's
    /// write lock from the read to the insert, so that no writer of any process moves the end between them. This is
    /// the rare path (a node's first batch, one after another process wrote, one after a failure).
    func sqliteAppendReadingTail(_ drafts: [AuditDraft], at time: Date, locked: @Sendable (AuditTail) -> Void) async throws -> AuditBatch {
        let batch = try await database.write { sql in
            try await sql.raw(Self.createState).run()
            let tail = try await Self.tail(sql)
            let batch = AuditBatch(drafts, after: tail, at: time, for: .sqlite)
            guard try await Self.sqliteInsert(batch, sql) else {
                throw StoreError.incompatible("the audit log's end moved while its writer held the write lock")
            }
            return batch
        }
        locked(batch.end)
        return batch
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
}
