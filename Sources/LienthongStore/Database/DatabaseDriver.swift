import SQLKit

/// The few things that differ between SQLite and PostgreSQL, kept in one place.
public enum Dialect: String, Sendable {
    case sqlite
    case postgres
}

/// What `Database` needs from a database engine: connections for reads, transactions for writes.
protocol DatabaseDriver: Sendable {
    var dialect: Dialect { get }
    /// Connections available for concurrent reads.
    var poolSize: Int { get }
    func withReadConnection<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T
    func withTransaction<T: Sendable>(
        _ kind: TransactionKind, _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T
    /// A write transaction whose body may also copy rows in bulk (PostgreSQL's `COPY`; nil where the engine has
    /// no such path). `contended`: a short transaction holding a lock other writers queue on (see `Database.bulkWrite`).
    func withBulkTransaction<T: Sendable>(
        contended: Bool, _ body: (any SQLDatabase, BulkCopier?) async throws -> T
    ) async throws -> T
    /// Runs `body` outside any transaction, each statement committing by itself, as a write others contend with: on
    /// SQLite on the one writing connection, in the writers' turn; on PostgreSQL on a connection whose answers are
    /// handled on its event loop, then waits until everything committed so far is durable. `body` gets the
    /// connection's prepared statements on PostgreSQL (nil on SQLite).
    func withAutocommitWrite<T: Sendable>(_ body: (any SQLDatabase, PreparedStatements?) async throws -> T) async throws -> T
    /// Keeps the driver's background work going (PostgreSQL's pool) until cancelled or shut down.
    func run() async throws
    func close() async
}

/// The kinds of transaction the platform uses.
enum TransactionKind: Sendable {
    /// A write: serialised with other writes, all or nothing.
    case write
    /// A consistent read-only view of the whole database (backups, copies).
    case snapshot
}

extension DatabaseDriver {
    func withBulkTransaction<T: Sendable>(
        contended: Bool, _ body: (any SQLDatabase, BulkCopier?) async throws -> T
    ) async throws -> T {
        try await withTransaction(.write) { try await body($0, nil) }
    }
}
