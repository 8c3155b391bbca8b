extension Migration {
    /// Tickets (a citizen contesting a read, and later other complaints) with their timeline.
    static let m0010Tickets = Migration(
        version: 10, name: "tickets",
        sql: [
            """
            CREATE TABLE tickets (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                subject TEXT NOT NULL,
                audit_seq BIGINT NOT NULL,
                owner_agency TEXT NOT NULL,
                reader_agency TEXT NOT NULL,
                dataset_code TEXT,
                reason TEXT NOT NULL,
                status TEXT NOT NULL,
                created_at TEXT NOT NULL,
                answered_at TEXT
            )
            """,
            "CREATE INDEX tickets_subject ON tickets (subject, created_at)",
            "CREATE INDEX tickets_owner ON tickets (owner_agency, created_at)",
            "CREATE INDEX tickets_reader ON tickets (reader_agency, created_at)",
            """
            CREATE TABLE ticket_events (
                ticket_id TEXT NOT NULL REFERENCES tickets (id) DEFERRABLE INITIALLY IMMEDIATE,
                step INTEGER NOT NULL,
                at TEXT NOT NULL,
                kind TEXT NOT NULL,
                actor TEXT NOT NULL,
                note TEXT NOT NULL,
                PRIMARY KEY (ticket_id, step)
            )
            """,
        ])
}
