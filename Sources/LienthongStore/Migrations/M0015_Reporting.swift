extension Migration {
    /// Reporting duties (Decree 09/2019's fields, kept as JSON) and the reports units filed for them, one per duty,
    /// unit and period; a report not filed by its due date is missing, which needs no row.
    static let m0015Reporting = Migration(
        version: 15, name: "reporting",
        sql: [
            """
            CREATE TABLE reporting_duties (
                code TEXT PRIMARY KEY,
                duty_json TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE report_submissions (
                duty_code TEXT NOT NULL,
                unit_code TEXT NOT NULL,
                period_name TEXT NOT NULL,
                submitted_at TEXT NOT NULL,
                signed_by TEXT NOT NULL,
                narrative TEXT NOT NULL,
                draft TEXT NOT NULL,
                PRIMARY KEY (duty_code, unit_code, period_name)
            )
            """,
        ])
}
