extension Migration {
    /// Sharing: the coordinator's purposes, access requests with their timeline, grants, and notifications
    /// (shown in the app; those not yet e-mailed are the outbox an operator relays).
    ///
    /// Datasets and agencies are referred to by code, which never changes once made; a request keeps the
    /// owner agency it was sent to even if the dataset later moved.
    static let m0007Sharing = Migration(
        version: 7, name: "sharing",
        sql: [
            """
            CREATE TABLE purposes (
                code TEXT PRIMARY KEY,
                name_vi TEXT NOT NULL,
                name_en TEXT NOT NULL,
                created_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE access_requests (
                id TEXT PRIMARY KEY,
                requester_agency TEXT NOT NULL,
                owner_agency TEXT NOT NULL,
                dataset_code TEXT NOT NULL,
                fields_json TEXT NOT NULL,
                purpose TEXT NOT NULL REFERENCES purposes (code) DEFERRABLE INITIALLY IMMEDIATE,
                legal_basis TEXT NOT NULL,
                justification TEXT NOT NULL,
                clients_json TEXT NOT NULL,
                requested_until TEXT NOT NULL,
                submitted_by TEXT NOT NULL,
                submitted_at TEXT NOT NULL,
                due_on TEXT NOT NULL,
                status TEXT NOT NULL,
                answer_json TEXT,
                answered_at TEXT,
                escalated_at TEXT,
                decision_json TEXT,
                grant_id TEXT,
                idempotency_key TEXT UNIQUE
            )
            """,
            "CREATE INDEX access_requests_owner ON access_requests (owner_agency, submitted_at)",
            "CREATE INDEX access_requests_requester ON access_requests (requester_agency, submitted_at)",
            "CREATE INDEX access_requests_status ON access_requests (status, due_on)",
            """
            CREATE TABLE access_request_events (
                request_id TEXT NOT NULL REFERENCES access_requests (id) DEFERRABLE INITIALLY IMMEDIATE,
                step INTEGER NOT NULL,
                at TEXT NOT NULL,
                kind TEXT NOT NULL,
                actor TEXT NOT NULL,
                note TEXT NOT NULL,
                PRIMARY KEY (request_id, step)
            )
            """,
            """
            CREATE TABLE grants (
                id TEXT PRIMARY KEY,
                request_id TEXT,
                consumer_agency TEXT NOT NULL,
                clients_json TEXT NOT NULL,
                dataset_code TEXT NOT NULL,
                fields_json TEXT NOT NULL,
                purposes_json TEXT NOT NULL,
                row_filter_json TEXT,
                valid_from TEXT NOT NULL,
                valid_until TEXT,
                created_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                revoked_at TEXT,
                revoked_by TEXT,
                revoke_reason TEXT,
                reminded_at TEXT
            )
            """,
            "CREATE INDEX grants_consumer ON grants (consumer_agency, dataset_code)",
            "CREATE INDEX grants_dataset ON grants (dataset_code)",
            """
            CREATE TABLE notifications (
                id TEXT PRIMARY KEY,
                agency_code TEXT NOT NULL,
                created_at TEXT NOT NULL,
                kind TEXT NOT NULL,
                text_vi TEXT NOT NULL,
                text_en TEXT NOT NULL,
                link TEXT NOT NULL,
                emailed_at TEXT
            )
            """,
            "CREATE INDEX notifications_agency ON notifications (agency_code, created_at)",
            "CREATE INDEX notifications_outbox ON notifications (emailed_at, created_at)",
        ])
}
