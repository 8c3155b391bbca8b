import SQLKit

/// The columns of a table as a backup needs them: name and storage kind, read from the database itself
/// so that a new migration's tables are backed up without a list to keep in step.
struct TableLayout: Sendable {
    enum Kind: String, Sendable {
        case text, integer, double, boolean
    }

    struct Column: Sendable {
        let name: String
        let kind: Kind
    }

    let name: String
    let columns: [Column]

    /// Every table of the platform (not `schema_migrations`, which the migrator rebuilds), by name.
    static func all(_ sql: any SQLDatabase, dialect: Dialect) async throws -> [TableLayout] {
        var layouts: [TableLayout] = []
        for name in try await TableCatalog.tableNames(sql, dialect: dialect).sorted() where name != "schema_migrations" {
            layouts.append(TableLayout(name: name, columns: try await columns(of: name, sql, dialect: dialect)))
        }
        return layouts
    }

    static func columns(of table: String, _ sql: any SQLDatabase, dialect: Dialect) async throws -> [Column] {
        let rows: [any SQLRow]
        switch dialect {
        case .sqlite:
            rows = try await sql.raw("SELECT name, type FROM pragma_table_info(\(bind: table)) ORDER BY cid").all()
        case .postgres:
            rows = try await sql.raw(
                """
                SELECT column_name AS name, data_type AS type FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = \(bind: table) ORDER BY ordinal_position
                """
            ).all()
        }
        return try rows.map { row in
            let type = try row.decode(column: "type", as: String.self).uppercased()
            let kind: Kind =
                if type.contains("BOOL") {
                    .boolean
                } else if type.contains("INT") {
                    .integer
                } else if type.contains("REAL") || type.contains("DOUB")
                    || type.contains("NUMERIC")
                {
                    .double
                } else { .text }
            return Column(name: try row.decode(column: "name", as: String.self), kind: kind)
        }
    }
}
