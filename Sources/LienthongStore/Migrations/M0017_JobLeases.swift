extension Migration {
    /// One row per background job (escalations, quality runs, clean-ups, tree-head signing): which node ran it last,
    /// when it is next due and how many times it has run. Nodes claim a run through this row (`JobLeases`), so a job
    /// runs once per interval across all nodes, not once per node.
    static let m0017JobLeases = Migration(
        version: 17, name: "job-leases",
        sql: [
            """
            CREATE TABLE job_leases (
                job TEXT PRIMARY KEY,
                holder TEXT NOT NULL,
                due_at TEXT NOT NULL,
                runs BIGINT NOT NULL
            )
            """
        ])
}
