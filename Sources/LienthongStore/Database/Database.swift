import Foundation
import Lienthong
import Logging
import SQLKit
import ServiceLifecycle
import Synchronization

/// The platform's database: SQLite or PostgreSQL behind one SQLKit code path.
///
/// Reads run on a pooled connection; writes run in a transaction that commits all or nothing. SQL goes
/// through SQLKit with every value bound (`\(bind: value)`), never concatenated.
///
/// ```swift
/// let database = try await Database.open(.dataDirectory("./lienthong-data"), logger: logger)
/// try await database.withRunning {
///     try await Migrator(database: database).migrate()
///     let count = try await database.read { try await $0.raw("SELECT COUNT(*) AS n FROM agencies").first() }
/// }
/// ```
/// A server adds the database to its service group instead of calling `withRunning`.
public final class Database: Service, Sendable {
    public let location: DatabaseLocation
    private let driver: any DatabaseDriver
    private let activity = Mutex(Activity())
    /// Facts that never change once true, kept so hot reads skip their queries: typed tables that exist (they
    /// are never dropped) and schema versions (never rewritten), by "dataset id#version".
    private let facts = Mutex((tables: Set<String>(), schemas: [String: TableSchema]()))
    /// Successful gateway reads and service calls per dataset code, counted over the audit log as it grows.
    let gatewayReadTally = AuditTally()
    /// The catalog's search index as this node last built it.
    let catalogIndex = CatalogIndexCache()
    /// Datasets read a moment ago, for hot reads (forgotten on a change to the catalog made on this node).
    let recentDatasets = TimedCache<Dataset>()
    /// When each dataset was last loaded, as read a moment ago (forgotten on a load made on this node).
    let recentLoads = TimedCache<Date?>()
    /// Reads of one record by key, gathered per table (`HostedDataStore.record(of:schema:key:)`).
    let recordReads = KeyedBatcher<HostedDataStore.StoredKey, [RecordValue]>()

    /// Counts of database operations, for `/metrics`.
    public struct Activity: Sendable {
        public var inUse = 0
        public var reads = 0
        public var writes = 0
        public var failures = 0
    }

    private init(location: DatabaseLocation, driver: any DatabaseDriver) {
        self.location = location
        self.driver = driver
    }

    /// Opens (and for SQLite, creates) the database; fails with `StoreError.unreachable` when it cannot.
    public static func open(_ location: DatabaseLocation, logger: Logger) async throws -> Database {
        let driver: any DatabaseDriver =
            switch location {
            case .postgres(let settings): try await PostgresDriver.open(settings, logger: logger)
            default: try await SQLiteDriver.open(location, logger: logger)
            }
        return Database(location: location, driver: driver)
    }

    public var dialect: Dialect { driver.dialect }

    /// Whether `table` is known to exist; `exists` asks the database once until it does.
    func tableExists(_ table: String, _ sql: any SQLDatabase) async throws -> Bool {
        if facts.withLock({ $0.tables.contains(table) }) { return true }
        guard try await TableCatalog.tableNames(sql, dialect: dialect).contains(table) else { return false }
        facts.withLock { _ = $0.tables.insert(table) }
        return true
    }

    func cachedSchema(_ key: String) -> TableSchema? { facts.withLock { $0.schemas[key] } }

    func cacheSchema(_ schema: TableSchema, for key: String) { facts.withLock { $0.schemas[key] = schema } }

    /// Connections the pool may hold.
    public var poolSize: Int { driver.poolSize }

    /// What the database is doing now, for metrics.
    public var currentActivity: Activity { activity.withLock { $0 } }

    /// Runs `body` on a connection for reading.
    public func read<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await tracked(write: false) { try await driver.withReadConnection(body) }
    }

    /// Runs `body` in a write transaction: committed if it returns, rolled back if it throws.
    /// Unique and foreign-key violations come out as `StoreError`.
    public func write<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await tracked(write: true) { try await driver.withTransaction(.write, body) }
    }

    /// Runs `body` in a write transaction as `write` does, with a `BulkCopier` on PostgreSQL for rows in bulk.
    ///
    /// `contended` is for a short transaction that holds a lock other writers queue on (the audit log's end). On
    /// PostgreSQL, its statements' answers are handled on the connection's event loop rather than behind every other
    /// job on Swift's global executor, and its commit lets go of its locks without waiting for the write-ahead log to
    /// reach the disk; the call then waits for that on its own, so it still returns only once the commit is durable,
    /// while the next transaction waiting on the lock starts meanwhile. Whatever that next one writes comes later in
    /// the log, so a crash before the flush loses it too.
    func bulkWrite<T: Sendable>(
        contended: Bool = false, _ body: (any SQLDatabase, BulkCopier?) async throws -> T
    ) async throws -> T {
        try await tracked(write: true) { try await driver.withBulkTransaction(contended: contended, body) }
    }

    /// Runs `body` outside any transaction (each statement commits by itself, so an atomic write is one statement),
    /// as a `contended` `bulkWrite` is run: on SQLite on the writing connection, in turn with the other writes; on
    /// PostgreSQL on one connection whose answers are handled on its event loop, after which the call waits until
    /// every commit so far is durable. There a statement that turns `synchronous_commit` off for itself
    /// (`set_config('synchronous_commit', 'off', true)`) lets go of its locks without waiting for the flush, and the
    /// call still returns only once its commit is durable. On PostgreSQL `body` also gets the connection's prepared
    /// statements.
    func autocommitWrite<T: Sendable>(_ body: (any SQLDatabase, PreparedStatements?) async throws -> T) async throws -> T {
        try await tracked(write: true) { try await driver.withAutocommitWrite(body) }
    }

    /// Runs `body` in a read-only transaction that sees one consistent state of the whole database.
    public func snapshot<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await tracked(write: false) { try await driver.withTransaction(.snapshot, body) }
    }

    private func tracked<T: Sendable>(write: Bool, _ operation: () async throws -> T) async throws -> T {
        activity.withLock {
            $0.inUse += 1
            if write { $0.writes += 1 } else { $0.reads += 1 }
        }
        defer { activity.withLock { $0.inUse -= 1 } }
        do {
            return try await operation()
        } catch {
            activity.withLock { $0.failures += 1 }
            throw StoreError.translate(error)
        }
    }

    /// Keeps the connection pool working until the service group shuts down.
    public func run() async throws {
        if dialect == .postgres {
            try await cancelWhenGracefulShutdown { try await self.driver.run() }
        } else {
            // SQLite has no background work: wait for the shutdown like the other services.
            try? await gracefulShutdown()
        }
        await driver.close()
    }

    /// Closes the connections of a database that never ran (a server that failed to start).
    public func close() async {
        await driver.close()
    }

    /// Runs `body` while the pool is working, for commands that do not run a service group.
    public func withRunning<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self, returning: T.self) { group in
            group.addTask { try await self.driver.run() }
            do {
                let result = try await body()
                group.cancelAll()
                await driver.close()
                return result
            } catch {
                group.cancelAll()
                await driver.close()
                throw error
            }
        }
    }
}
