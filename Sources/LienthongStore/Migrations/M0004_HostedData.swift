extension Migration {
    /// The record of every load into a dataset (its typed tables are made per schema version as needed).
    static let m0004HostedData = Migration(
        version: 4, name: "hosted-data",
        sql: [
            """
            CREATE TABLE dataset_loads (
                id TEXT PRIMARY KEY,
                dataset_id TEXT NOT NULL REFERENCES datasets (id) DEFERRABLE INITIALLY IMMEDIATE,
                schema_version INTEGER NOT NULL,
                mode TEXT NOT NULL,
                on_error TEXT NOT NULL,
                rows_read BIGINT NOT NULL,
                rows_loaded BIGINT NOT NULL,
                rows_rejected BIGINT NOT NULL,
                outcome TEXT NOT NULL,
                report_json TEXT NOT NULL,
                loaded_by TEXT NOT NULL,
                started_at TEXT NOT NULL,
                finished_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX dataset_loads_dataset ON dataset_loads (dataset_id, finished_at)",
        ])
}
