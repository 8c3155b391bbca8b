import SQLKit

/// Which tables a database holds (the one query that differs by dialect for it).
enum TableCatalog {
    static func tableNames(_ sql: any SQLDatabase, dialect: Dialect) async throws -> Set<String> {
        let query: SQLQueryString =
            switch dialect {
            case .sqlite: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            case .postgres:
                "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()"
            }
        let rows = try await sql.raw(query).all()
        return Set(try rows.map { try $0.decode(column: "name", as: String.self) })
    }
}
