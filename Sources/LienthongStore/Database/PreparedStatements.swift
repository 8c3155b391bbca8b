import Logging
import PostgresNIO

/// The PostgreSQL connection of a write, for a statement run often enough that parsing and planning it each time
/// would cost more than running it: a `PostgresPreparedStatement` is prepared once per connection, by name, and then
/// only bound and run. (SQLKit sends each statement unnamed, so PostgreSQL parses and plans it every time.)
///
/// PostgresNIO keeps a failed preparation's error for the connection's life. A statement here fails to prepare only
/// when a table or column it names is missing, which the migrations a node runs before it serves rule out.
struct PreparedStatements: Sendable {
    let connection: PostgresConnection
    let logger: Logger

    /// The rows `statement` returns.
    func rows<Statement: PostgresPreparedStatement>(_ statement: Statement) async throws -> [Statement.Row] {
        var rows: [Statement.Row] = []
        for try await row in try await connection.execute(statement, logger: logger) { rows.append(row) }
        return rows
    }
}
