extension Migration {
    /// What the trigger of `audit_append` aborts with when the log does not end where an entry follows. Databases
    /// hold it in their trigger and `AuditStore` looks for it in the error: it must never change.
    static let auditTailMoved = "lienthong: the audit log end moved"

    /// On SQLite, a batch of audit entries becomes one statement: `INSERT INTO audit_append`, a view whose trigger,
    /// for each entry in turn, refuses it unless the log's end (`audit_state`) is the entry's sequence and the chain
    /// hash it follows, writes it and the people it concerns (`subject_list`, a JSON array), and moves the end past
    /// it. A statement is atomic, so the batch needs no `BEGIN` and `COMMIT`: one call on the writing connection's
    /// thread instead of five (`AuditStore.sqliteAppend`). Backups and restores read and write the tables, never
    /// the view. PostgreSQL keeps its `COPY` (`AuditStore.append`): nothing changes there.
    static let m0020AuditAppendView = Migration(version: 20, name: "audit-append-view") { dialect in
        switch dialect {
        case .postgres:
            return []
        case .sqlite:
            let names = [
                "seq", "recorded_at", "actor_kind", "actor_id", "agency_code", "action", "resource", "dataset_code", "purpose",
                "subjects", "outcome", "request_id", "leaf_hash", "chain_hash",
            ]
            let columns = names.joined(separator: ", ")
            let values = names.map { "NEW.\($0)" }.joined(separator: ", ")
            return [
                """
                CREATE VIEW audit_append AS
                SELECT \(columns), '' AS previous_chain_hash, '[]' AS subject_list FROM audit_entries WHERE 0
                """,
                """
                CREATE TRIGGER audit_append_entry INSTEAD OF INSERT ON audit_append
                BEGIN
                    SELECT RAISE(ABORT, '\(Migration.auditTailMoved)') WHERE NOT EXISTS (
                        SELECT 1 FROM audit_state WHERE id = 1 AND next_seq = NEW.seq AND last_chain_hash = NEW.previous_chain_hash
                    );
                    INSERT INTO audit_entries (\(columns)) VALUES (\(values));
                    INSERT INTO audit_subjects (subject, seq) SELECT value, NEW.seq FROM json_each(NEW.subject_list);
                    UPDATE audit_state SET next_seq = NEW.seq + 1, last_chain_hash = NEW.chain_hash WHERE id = 1;
                END
                """,
            ]
        }
    }
}
