extension Migration {
    /// The catalog: datasets, their schema versions and their themes (for facets).
    static let m0003Catalog = Migration(
        version: 3, name: "catalog",
        sql: [
            """
            CREATE TABLE datasets (
                id TEXT PRIMARY KEY,
                code TEXT NOT NULL UNIQUE,
                owner_agency_id TEXT NOT NULL REFERENCES agencies (id) DEFERRABLE INITIALLY IMMEDIATE,
                title_vi TEXT NOT NULL,
                title_en TEXT NOT NULL,
                description_vi TEXT NOT NULL,
                description_en TEXT NOT NULL,
                themes TEXT NOT NULL,
                keywords TEXT NOT NULL,
                sharing_level TEXT NOT NULL,
                update_frequency TEXT NOT NULL,
                legal_basis TEXT NOT NULL,
                licence TEXT NOT NULL,
                contact_name TEXT NOT NULL,
                contact_email TEXT NOT NULL,
                status TEXT NOT NULL,
                schema_version INTEGER NOT NULL,
                search_text TEXT NOT NULL,
                title_folded TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                published_at TEXT
            )
            """,
            "CREATE INDEX datasets_owner ON datasets (owner_agency_id)",
            "CREATE INDEX datasets_status ON datasets (status, sharing_level)",
            """
            CREATE TABLE dataset_schemas (
                dataset_id TEXT NOT NULL REFERENCES datasets (id) DEFERRABLE INITIALLY IMMEDIATE,
                version INTEGER NOT NULL,
                schema_json TEXT NOT NULL,
                breaking INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                PRIMARY KEY (dataset_id, version)
            )
            """,
            """
            CREATE TABLE dataset_themes (
                dataset_id TEXT NOT NULL REFERENCES datasets (id) DEFERRABLE INITIALLY IMMEDIATE,
                theme TEXT NOT NULL,
                PRIMARY KEY (dataset_id, theme)
            )
            """,
            "CREATE INDEX dataset_themes_theme ON dataset_themes (theme)",
        ])
}
