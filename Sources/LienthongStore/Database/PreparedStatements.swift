import Logging
import PostgresNIO

/// The PostgreSQL connection of a write, for a statement run often enough that parsing and planning it each time
/// would cost more than running it: a `PostgresPreparedStatement` is prepared once per connection, by name, and then
/// only bound and run. (SQLKit sends each statement unnamed, so PostgreSQL parses and plans it every time.)
///
/// PostgresNIO keeps a failed preparation's error for the connection's life, and answers every later run of that
/// statement on that connection with it. Preparing can fail for reasons that pass (a lock or statement timeout while
/// a migration holds a table, a cancelled backend), so a connection on which a statement failed is closed, and the
/// pool opens another; unless the statement failed on the rows it wrote (a constraint: SQLSTATE class 23), which it
/// can only do once prepared.
struct PreparedStatements: Sendable {
    let connection: PostgresConnection
    let logger: Logger

    /// The rows `statement` returns.
    func rows<Statement: PostgresPreparedStatement>(_ statement: Statement) async throws -> [Statement.Row] {
        do {
            var rows: [Statement.Row] = []
            for try await row in try await connection.execute(statement, logger: logger) { rows.append(row) }
            return rows
        } catch {
            if (error as? PSQLError)?.serverInfo?[.sqlState]?.hasPrefix("23") != true { try? await connection.close() }
            throw error
        }
    }
}
