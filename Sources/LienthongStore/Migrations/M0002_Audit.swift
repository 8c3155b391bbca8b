extension Migration {
    /// The audit log: entries, the people they concern, the writer's sequence row (made by the first append,
    /// so that a restore finds the table empty) and signed tree heads.
    /// Entries, subjects and tree heads refuse UPDATE and DELETE by trigger, on both databases.
    static let m0002Audit = Migration(version: 2, name: "audit") { dialect in
        var statements = [
            """
            CREATE TABLE audit_entries (
                seq BIGINT PRIMARY KEY,
                recorded_at TEXT NOT NULL,
                actor_kind TEXT NOT NULL,
                actor_id TEXT NOT NULL,
                agency_code TEXT,
                action TEXT NOT NULL,
                resource TEXT,
                dataset_code TEXT,
                purpose TEXT,
                subjects TEXT NOT NULL,
                outcome TEXT NOT NULL,
                request_id TEXT,
                leaf_hash TEXT NOT NULL,
                chain_hash TEXT NOT NULL
            )
            """,
            "CREATE INDEX audit_entries_agency ON audit_entries (agency_code, seq)",
            "CREATE INDEX audit_entries_actor ON audit_entries (actor_id, seq)",
            "CREATE INDEX audit_entries_action ON audit_entries (action, seq)",
            "CREATE INDEX audit_entries_dataset ON audit_entries (dataset_code, seq)",
            "CREATE INDEX audit_entries_time ON audit_entries (recorded_at)",
            "CREATE TABLE audit_subjects (subject TEXT NOT NULL, seq BIGINT NOT NULL, PRIMARY KEY (subject, seq))",
            """
            CREATE TABLE audit_state (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                next_seq BIGINT NOT NULL,
                last_chain_hash TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE audit_tree_heads (
                tree_size BIGINT PRIMARY KEY,
                root_hash TEXT NOT NULL,
                signed_at TEXT NOT NULL,
                public_key TEXT NOT NULL,
                signature TEXT NOT NULL
            )
            """,
        ]
        let protected = ["audit_entries", "audit_subjects", "audit_tree_heads"]
        switch dialect {
        case .sqlite:
            for table in protected {
                for operation in ["UPDATE", "DELETE"] {
                    statements.append(
                        """
                        CREATE TRIGGER \(table)_no_\(operation.lowercased()) BEFORE \(operation) ON \(table)
                        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END
                        """)
                }
            }
        case .postgres:
            statements.append(
                """
                CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$
                """)
            for table in protected {
                statements.append(
                    """
                    CREATE TRIGGER \(table)_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON \(table)
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()
                    """)
            }
        }
        return statements
    }
}
