extension Migration {
    /// Agency services: REST services an agency runs and offers through the gateway, with their endpoints and last
    /// health check; access requests and grants now say whether they are about a dataset or a service.
    static let m0008AgencyServices = Migration(
        version: 8, name: "agency-services",
        sql: [
            """
            CREATE TABLE agency_services (
                id TEXT PRIMARY KEY,
                agency_code TEXT NOT NULL,
                code TEXT NOT NULL,
                name_vi TEXT NOT NULL,
                name_en TEXT NOT NULL,
                description_vi TEXT NOT NULL,
                base_url TEXT NOT NULL,
                openapi_json TEXT NOT NULL,
                endpoints_json TEXT NOT NULL,
                sharing_level TEXT NOT NULL,
                timeout_ms INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                health_json TEXT,
                UNIQUE (agency_code, code)
            )
            """,
            "ALTER TABLE access_requests ADD COLUMN target_kind TEXT NOT NULL DEFAULT 'dataset'",
            "ALTER TABLE grants ADD COLUMN target_kind TEXT NOT NULL DEFAULT 'dataset'",
        ])
}
