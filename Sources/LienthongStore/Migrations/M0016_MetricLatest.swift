extension Migration {
    /// The last value recorded for each metric, one row per key, so that deciding whether a measured value is a change
    /// (and a new reading) takes the key's row lock: two nodes measuring the same change at once record it once.
    /// Filled from the readings already kept.
    static let m0016MetricLatest = Migration(
        version: 16, name: "metric-latest",
        sql: [
            """
            CREATE TABLE metric_latest (
                metric_key TEXT PRIMARY KEY,
                measured DOUBLE PRECISION NOT NULL
            )
            """,
            """
            INSERT INTO metric_latest (metric_key, measured)
            SELECT r.metric_key, r.measured FROM metric_readings r
            WHERE NOT EXISTS (
                SELECT 1 FROM metric_readings n
                WHERE n.metric_key = r.metric_key AND (n.read_at > r.read_at OR (n.read_at = r.read_at AND n.id > r.id))
            )
            """,
        ])
}
