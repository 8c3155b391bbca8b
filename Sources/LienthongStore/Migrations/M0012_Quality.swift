extension Migration {
    /// Quality: each dataset's rules file, the runs with their six scores, and flagged values as tickets (a record
    /// key, a field and the value as it was when flagged; `resolved_at` when a load or an edit changed it).
    static let m0012Quality = Migration(
        version: 12, name: "quality",
        sql: [
            """
            CREATE TABLE quality_rules (
                dataset_id TEXT PRIMARY KEY,
                rules_json TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                updated_by TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE quality_runs (
                id TEXT PRIMARY KEY,
                dataset_id TEXT NOT NULL,
                dataset_code TEXT NOT NULL,
                owner_agency TEXT NOT NULL,
                schema_version INTEGER NOT NULL,
                run_trigger TEXT NOT NULL,
                load_id TEXT,
                rows_checked BIGINT NOT NULL,
                rules_version TEXT NOT NULL,
                reference_version TEXT NOT NULL,
                as_of TEXT NOT NULL,
                finished_at TEXT NOT NULL,
                score_correct DOUBLE PRECISION,
                score_complete DOUBLE PRECISION,
                score_clean DOUBLE PRECISION,
                score_live DOUBLE PRECISION,
                score_consistent DOUBLE PRECISION,
                score_shared DOUBLE PRECISION,
                report_json TEXT NOT NULL
            )
            """,
            "CREATE INDEX quality_runs_dataset ON quality_runs (dataset_id, finished_at)",
            "ALTER TABLE tickets ADD COLUMN record_key TEXT",
            "ALTER TABLE tickets ADD COLUMN field_name TEXT",
            "ALTER TABLE tickets ADD COLUMN flagged_value TEXT",
            "ALTER TABLE tickets ADD COLUMN resolved_at TEXT",
            "CREATE INDEX tickets_dataset ON tickets (dataset_code, status)",
        ])
}
