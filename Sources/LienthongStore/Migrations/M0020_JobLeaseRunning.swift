extension Migration {
    /// A claimed run holds its job until it ends (`running_until`, renewed while it runs), so that a run that
    /// outlasts its interval is not overlapped by the next one on another node; a node that dies in a run lets go
    /// within one interval of its last renewal.
    static let m0020JobLeaseRunning = Migration(
        version: 20, name: "job-lease-running",
        sql: ["ALTER TABLE job_leases ADD COLUMN running_until TEXT"])
}
