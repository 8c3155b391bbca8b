extension Migration {
    /// Declare-once services: procedures with their forms, applications (a form being filled, with what prefill
    /// read for it), cases with their timeline and rating, the citizen's notices of their cases' steps, consents per
    /// application and source, and the citizen's ID sealed (encrypted, not hashed) in the sign-in challenge and the
    /// session, so that prefill can look the citizen up without the ID ever being stored in the clear.
    static let m0013Procedures = Migration(
        version: 13, name: "procedures",
        sql: [
            """
            CREATE TABLE procedures (
                code TEXT PRIMARY KEY,
                owner_agency TEXT NOT NULL,
                name_vi TEXT NOT NULL,
                name_en TEXT NOT NULL,
                system_client_id TEXT,
                processing_days INTEGER NOT NULL,
                fee_dong BIGINT NOT NULL,
                documents_json TEXT NOT NULL,
                fields_json TEXT NOT NULL,
                active INTEGER NOT NULL,
                updated_at TEXT NOT NULL,
                updated_by TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE cases (
                id TEXT PRIMARY KEY,
                number TEXT NOT NULL UNIQUE,
                procedure_code TEXT NOT NULL,
                agency_code TEXT NOT NULL,
                subject TEXT NOT NULL,
                channel TEXT NOT NULL,
                values_json TEXT NOT NULL,
                status TEXT NOT NULL,
                received_at TEXT NOT NULL,
                due_on TEXT NOT NULL,
                paused_on TEXT,
                paused_days INTEGER NOT NULL,
                finished_at TEXT,
                reason TEXT,
                events_json TEXT NOT NULL,
                rating_stars INTEGER,
                rating_comment TEXT,
                rated_at TEXT,
                idempotency_key TEXT,
                UNIQUE (subject, idempotency_key)
            )
            """,
            "CREATE TABLE case_numbers (year INTEGER PRIMARY KEY, last_number INTEGER NOT NULL)",
            "CREATE INDEX cases_agency ON cases (agency_code, status)",
            "CREATE INDEX cases_subject ON cases (subject)",
            "CREATE INDEX cases_procedure ON cases (procedure_code)",
            """
            CREATE TABLE consents (
                id TEXT PRIMARY KEY,
                application_id TEXT NOT NULL,
                subject TEXT NOT NULL,
                procedure_code TEXT NOT NULL,
                dataset_code TEXT NOT NULL,
                source_agency TEXT NOT NULL,
                fields_json TEXT NOT NULL,
                accepted INTEGER NOT NULL,
                given_at TEXT NOT NULL,
                valid_until TEXT NOT NULL,
                withdrawn_at TEXT,
                UNIQUE (application_id, dataset_code)
            )
            """,
            "CREATE INDEX consents_subject ON consents (subject)",
            """
            CREATE TABLE citizen_notices (
                id TEXT PRIMARY KEY,
                subject TEXT NOT NULL,
                case_id TEXT NOT NULL,
                created_at TEXT NOT NULL,
                text_vi TEXT NOT NULL,
                text_en TEXT NOT NULL,
                link TEXT NOT NULL,
                seen_at TEXT
            )
            """,
            "CREATE INDEX citizen_notices_subject ON citizen_notices (subject, created_at)",
            """
            CREATE TABLE applications (
                id TEXT PRIMARY KEY,
                subject TEXT NOT NULL,
                procedure_code TEXT NOT NULL,
                prefill_json TEXT,
                created_at TEXT NOT NULL
            )
            """,
            "ALTER TABLE citizen_challenges ADD COLUMN sealed_id TEXT",
            "ALTER TABLE citizen_sessions ADD COLUMN sealed_id TEXT",
        ])
}
