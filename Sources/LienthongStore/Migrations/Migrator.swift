import Foundation
import SQLKit
import SQLiteNIO

/// Brings a database to the newest schema, once, even when several nodes start together.
///
/// All pending migrations run in one write transaction that first takes a lock: PostgreSQL's transaction
/// advisory lock, SQLite's write lock (`BEGIN IMMEDIATE`). A node that waited on the lock then finds the
/// migrations already recorded and does nothing. PostgreSQL and SQLite both roll DDL back on failure. SQLite waits
/// for its lock only `busy_timeout` (10 s) at a time, which another node's migrations on a loaded machine can
/// outlast: a node then tries again, for up to two minutes in all.
public struct Migrator: Sendable {
    public let database: Database
    public let migrations: [Migration]

    /// An arbitrary constant naming Lienthong's migration lock among PostgreSQL advisory locks.
    static let advisoryLockKey: Int64 = 0x4C49_454E_5448

    public init(database: Database, migrations: [Migration] = Migration.all) {
        self.database = database
        self.migrations = migrations
    }

    /// Applies what is pending; returns the versions it applied (empty when already current).
    @discardableResult
    public func migrate() async throws -> [Int] {
        var tries = 1
        while true {
            do {
                return try await migrateOnce()
            } catch let error as SQLiteError where (error.reason == .busy || error.reason == .locked) && tries < 12 {
                tries += 1
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    private func migrateOnce() async throws -> [Int] {
        let dialect = database.dialect
        let migrations = self.migrations
        return try await database.write { sql in
            if dialect == .postgres {
                try await sql.raw("SELECT pg_advisory_xact_lock(\(literal: Self.advisoryLockKey))").run()
            }
            try await sql.raw(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)
                """
            ).run()
            let applied = try await Self.appliedVersions(sql)
            if let newest = applied.max(), newest > (migrations.map(\.version).max() ?? 0) {
                throw StoreError.incompatible(
                    "the database has schema version \(newest), newer than this program knows; upgrade Lienthong")
            }
            var done: [Int] = []
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.statements(dialect) {
                    try await sql.raw(SQLQueryString(statement)).run()
                }
                try await migration.backfill?(sql)
                try await sql.raw(
                    """
                    INSERT INTO schema_migrations (version, name, applied_at)
                    VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Timestamp.string(Date())))
                    """
                ).run()
                done.append(migration.version)
            }
            return done
        }
    }

    /// The versions not yet applied (for `/readyz`).
    public func pending() async throws -> [Int] {
        let applied = try await database.read { sql in
            let exists = try await TableCatalog.tableNames(sql, dialect: database.dialect).contains("schema_migrations")
            return exists ? try await Self.appliedVersions(sql) : []
        }
        return migrations.map(\.version).filter { !applied.contains($0) }
    }

    static func appliedVersions(_ sql: any SQLDatabase) async throws -> Set<Int> {
        let rows = try await sql.raw("SELECT version FROM schema_migrations").all()
        return Set(try rows.map { try $0.decode(column: "version", as: Int.self) })
    }
}
