extension Migration {
    /// The catalog's revision: a number that grows with every change to the datasets or their themes, by trigger on
    /// both databases, so a node keeps its search index in memory and rebuilds it only when the catalog changed
    /// (`CatalogIndex`), whichever node or tool made the change. The row is made by the first change (an upsert),
    /// so that a restore finds the table empty.
    static let m0018CatalogRevision = Migration(version: 18, name: "catalog-revision") { dialect in
        var statements = ["CREATE TABLE catalog_state (id INTEGER PRIMARY KEY CHECK (id = 1), revision BIGINT NOT NULL)"]
        let bump = """
            INSERT INTO catalog_state (id, revision) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET revision = catalog_state.revision + 1
            """
        let tables = ["datasets", "dataset_themes"]
        switch dialect {
        case .sqlite:
            for table in tables {
                for operation in ["INSERT", "UPDATE", "DELETE"] {
                    statements.append("CREATE TRIGGER \(table)_\(operation.lowercased())_revision AFTER \(operation) ON \(table) BEGIN \(bump); END")
                }
            }
        case .postgres:
            statements.append("CREATE FUNCTION catalog_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \(bump); RETURN NULL; END $$")
            for table in tables {
                statements.append(
                    """
                    CREATE TRIGGER \(table)_revision AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON \(table)
                    FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed()
                    """)
            }
        }
        return statements
    }
}
