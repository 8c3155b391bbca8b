extension Migration {
    /// Agencies, staff users, API clients and staff sessions.
    static let m0001Directory = Migration(
        version: 1, name: "directory",
        sql: [
            """
            CREATE TABLE agencies (
                id TEXT PRIMARY KEY,
                code TEXT NOT NULL UNIQUE,
                name_vi TEXT NOT NULL,
                name_en TEXT NOT NULL,
                kind TEXT NOT NULL,
                parent_id TEXT REFERENCES agencies (id) DEFERRABLE INITIALLY IMMEDIATE,
                unit_code TEXT,
                created_at TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE staff_users (
                id TEXT PRIMARY KEY,
                username TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                agency_id TEXT NOT NULL REFERENCES agencies (id) DEFERRABLE INITIALLY IMMEDIATE,
                role TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                created_at TEXT NOT NULL,
                password_changed_at TEXT NOT NULL,
                deactivated_at TEXT
            )
            """,
            "CREATE INDEX staff_users_agency ON staff_users (agency_id)",
            """
            CREATE TABLE api_clients (
                id TEXT PRIMARY KEY,
                agency_id TEXT NOT NULL REFERENCES agencies (id) DEFERRABLE INITIALLY IMMEDIATE,
                name TEXT NOT NULL,
                key_hash TEXT NOT NULL UNIQUE,
                key_prefix TEXT NOT NULL,
                created_at TEXT NOT NULL,
                expires_at TEXT,
                revoked_at TEXT,
                last_used_at TEXT,
                rotated_at TEXT,
                UNIQUE (agency_id, name)
            )
            """,
            """
            CREATE TABLE staff_sessions (
                id TEXT PRIMARY KEY,
                token_hash TEXT NOT NULL UNIQUE,
                user_id TEXT NOT NULL REFERENCES staff_users (id) DEFERRABLE INITIALLY IMMEDIATE,
                created_at TEXT NOT NULL,
                expires_at TEXT NOT NULL,
                revoked_at TEXT
            )
            """,
            "CREATE INDEX staff_sessions_user ON staff_sessions (user_id)",
        ])
}
