extension Migration {
    /// What the trigger of `audit_batches` aborts with when the log does not end where a batch follows. Databases
    /// hold it in their trigger and `AuditStore` looks for it in the error: it must never change.
    static let auditBatchMoved = "lienthong: the audit log end moved"

    /// On SQLite, a batch of audit entries is one statement: `INSERT INTO audit_batches`, a view whose trigger, for
    /// the one row that holds the whole batch, refuses it unless the log's end (`audit_state`) is where the batch
    /// starts, writes its entries and the people they concern (each a JSON array of rows, as `JSONRows` writes them),
    /// and moves the end once. A statement is atomic, so the batch needs no `BEGIN` and `COMMIT`: one hand-over to
    /// SQLite's thread instead of five, each of which queued behind the HTTP work on a busy server. (Every failure
    /// inside must abort the statement: a `RAISE(FAIL)` or an `ON CONFLICT FAIL` on the audit tables would keep a
    /// part of a batch, which no `ROLLBACK` undoes here.) Backups and restores read and write the tables, never the
    /// view. PostgreSQL keeps its `COPY`: nothing changes there.
    static let m0023AuditBatchView = Migration(version: 23, name: "audit-batch-view") { dialect in
        switch dialect {
        case .postgres:
            return []
        case .sqlite:
            // Written out, not built from `AuditStore.columns` or `JSONRows`: a migration never changes once released.
            // The entries are `AuditStore.row`'s JSON arrays, in this column order.
            return [
                """
                CREATE VIEW audit_batches AS
                SELECT 0 AS start_seq, '' AS start_chain_hash, 0 AS end_seq, '' AS end_chain_hash, '[]' AS entries, '[]' AS subjects
                WHERE 0
                """,
                """
                CREATE TRIGGER audit_batches_append INSTEAD OF INSERT ON audit_batches
                BEGIN
                    SELECT RAISE(ABORT, 'lienthong: the audit log end moved') WHERE NOT EXISTS (
                        SELECT 1 FROM audit_state WHERE id = 1 AND next_seq = NEW.start_seq AND last_chain_hash = NEW.start_chain_hash
                    );
                    INSERT INTO audit_entries (seq, recorded_at, actor_kind, actor_id, agency_code, action, resource, dataset_code, purpose, subjects, outcome, request_id, leaf_hash, chain_hash)
                    SELECT CAST(j.value ->> 0 AS BIGINT),
                        j.value ->> 1,
                        j.value ->> 2,
                        j.value ->> 3,
                        j.value ->> 4,
                        j.value ->> 5,
                        j.value ->> 6,
                        j.value ->> 7,
                        j.value ->> 8,
                        j.value ->> 9,
                        j.value ->> 10,
                        j.value ->> 11,
                        j.value ->> 12,
                        j.value ->> 13
                    FROM jsonb_each(NEW.entries) AS j;
                    INSERT INTO audit_subjects (subject, seq)
                    SELECT j.value ->> 0, CAST(j.value ->> 1 AS BIGINT) FROM jsonb_each(NEW.subjects) AS j;
                    UPDATE audit_state SET next_seq = NEW.end_seq, last_chain_hash = NEW.end_chain_hash WHERE id = 1;
                END
                """,
            ]
        }
    }
}
