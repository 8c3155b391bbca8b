extension Migration {
    /// Catalog publications: numbered snapshots of the catalog of shared data. A publication never changes, so
    /// the table refuses UPDATE and DELETE by trigger on both databases, as the audit log does.
    static let m0005CatalogPublications = Migration(version: 5, name: "catalog-publications") { dialect in
        var statements = [
            """
            CREATE TABLE catalog_publications (
                number INTEGER PRIMARY KEY,
                published_at TEXT NOT NULL,
                published_by TEXT NOT NULL,
                note TEXT NOT NULL,
                dataset_count INTEGER NOT NULL,
                entries_json TEXT NOT NULL,
                sha256 TEXT NOT NULL
            )
            """
        ]
        switch dialect {
        case .sqlite:
            for operation in ["UPDATE", "DELETE"] {
                statements.append(
                    """
                    CREATE TRIGGER catalog_publications_no_\(operation.lowercased()) BEFORE \(operation) ON catalog_publications
                    BEGIN SELECT RAISE(ABORT, 'catalog publications are immutable'); END
                    """)
            }
        case .postgres:
            statements.append(
                """
                CREATE FUNCTION catalog_publications_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'catalog publications are immutable'; END $$
                """)
            statements.append(
                """
                CREATE TRIGGER catalog_publications_immutable BEFORE UPDATE OR DELETE OR TRUNCATE ON catalog_publications
                FOR EACH STATEMENT EXECUTE FUNCTION catalog_publications_immutable()
                """)
        }
        return statements
    }
}
