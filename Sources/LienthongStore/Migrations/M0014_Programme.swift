extension Migration {
    /// The programme tracker: directives, tasks (with sub-tasks, resources, original and current deadlines and a
    /// metric binding), the ledger of deadline and target changes, the measured values of bound metrics over time,
    /// the problem register, and the deadline alerts already sent (so that each goes once).
    static let m0014Programme = Migration(
        version: 14, name: "programme",
        sql: [
            """
            CREATE TABLE directives (
                code TEXT PRIMARY KEY,
                issuer TEXT NOT NULL,
                number TEXT NOT NULL,
                issued_on TEXT NOT NULL,
                title TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE programme_tasks (
                code TEXT PRIMARY KEY,
                directive_code TEXT NOT NULL REFERENCES directives (code),
                title TEXT NOT NULL,
                owner_agency TEXT NOT NULL,
                lead_official TEXT NOT NULL,
                co_agencies_json TEXT NOT NULL,
                budget_dong BIGINT NOT NULL,
                staff INTEGER NOT NULL,
                assigned_on TEXT NOT NULL,
                original_due_on TEXT NOT NULL,
                due_on TEXT NOT NULL,
                progress INTEGER NOT NULL,
                done_on TEXT,
                parent_code TEXT,
                weight INTEGER NOT NULL,
                metric_json TEXT,
                updated_at TEXT NOT NULL,
                updated_by TEXT NOT NULL
            )
            """,
            "CREATE INDEX programme_tasks_owner ON programme_tasks (owner_agency)",
            """
            CREATE TABLE task_changes (
                id TEXT PRIMARY KEY,
                task_code TEXT NOT NULL,
                field TEXT NOT NULL,
                from_value TEXT NOT NULL,
                to_value TEXT NOT NULL,
                requested_by TEXT NOT NULL,
                approved_by TEXT NOT NULL,
                reason TEXT NOT NULL,
                changed_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX task_changes_task ON task_changes (task_code, changed_at)",
            """
            CREATE TABLE metric_readings (
                id TEXT PRIMARY KEY,
                metric_key TEXT NOT NULL,
                measured DOUBLE PRECISION NOT NULL,
                read_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX metric_readings_key ON metric_readings (metric_key, read_at)",
            """
            CREATE TABLE problems (
                code TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                group_name TEXT NOT NULL,
                title TEXT NOT NULL,
                agencies_json TEXT NOT NULL,
                links_json TEXT NOT NULL,
                tasks_json TEXT NOT NULL,
                metric_json TEXT,
                closed_on TEXT
            )
            """,
            """
            CREATE TABLE task_alerts (
                task_code TEXT NOT NULL,
                kind TEXT NOT NULL,
                due_on TEXT NOT NULL,
                sent_at TEXT NOT NULL,
                PRIMARY KEY (task_code, kind, due_on)
            )
            """,
        ])
}
