extension Migration {
    /// Citizen sign-in: one-time-code challenges and sessions, both holding only the keyed hash of the citizen ID.
    static let m0009CitizenSessions = Migration(
        version: 9, name: "citizen-sessions",
        sql: [
            """
            CREATE TABLE citizen_challenges (
                id TEXT PRIMARY KEY,
                subject TEXT NOT NULL,
                code_hash TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                used_at TEXT
            )
            """,
            """
            CREATE TABLE citizen_sessions (
                token_hash TEXT PRIMARY KEY,
                subject TEXT NOT NULL,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                ended_at TEXT
            )
            """,
            "CREATE INDEX citizen_sessions_subject ON citizen_sessions (subject)",
        ])
}
