import Logging
import NIOCore
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL through PostgresNIO's connection pool (`PostgresClient`), which must be running to lease.
final class PostgresDriver: DatabaseDriver {
    let dialect = Dialect.postgres
    private let client: PostgresClient
    private let logger: Logger
    let poolSize: Int

    private init(client: PostgresClient, poolSize: Int, logger: Logger) {
        self.client = client
        self.poolSize = poolSize
        self.logger = logger
    }

    /// Checks that the server answers (one direct connection, so a wrong URL fails at once with a clear
    /// reason instead of waiting on the pool), then makes the pool.
    static func open(_ settings: PostgresSettings, logger: Logger) async throws -> PostgresDriver {
        let configuration = try clientConfiguration(settings)
        var connectionConfiguration = PostgresConnection.Configuration(
            host: settings.host, port: settings.port, username: settings.username, password: settings.password,
            database: settings.database, tls: try connectionTLS(settings))
        connectionConfiguration.options.connectTimeout = .seconds(10)
        do {
            let probe = try await PostgresConnection.connect(
                configuration: connectionConfiguration, id: 0, logger: logger)
            try await probe.close()
        } catch let error as PSQLError {
            let reason = error.serverInfo?[.message] ?? "\(error.code)"
            throw StoreError.unreachable("\(settings): \(reason)")
        } catch {
            throw StoreError.unreachable("\(settings): \(error)")
        }
        // The pool's own chatter (such as "run() not called yet" while a node starts) stays out of the logs
        // unless it is an error.
        var backgroundLogger = logger
        backgroundLogger.logLevel = max(logger.logLevel, .error)
        let client = PostgresClient(configuration: configuration, backgroundLogger: backgroundLogger)
        return PostgresDriver(client: client, poolSize: settings.maximumConnections, logger: logger)
    }

    private static func clientConfiguration(_ settings: PostgresSettings) throws -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS =
            switch settings.sslMode {
            case "disable": .disable
            case "require": .require(.makeClientConfiguration())
            default: .prefer(.makeClientConfiguration())
            }
        var configuration = PostgresClient.Configuration(
            host: settings.host, port: settings.port, username: settings.username, password: settings.password,
            database: settings.database, tls: tls)
        configuration.options.maximumConnections = settings.maximumConnections
        if let searchPath = settings.searchPath {
            configuration.options.additionalStartupParameters = [("search_path", searchPath)]
        }
        return configuration
    }

    private static func connectionTLS(_ settings: PostgresSettings) throws -> PostgresConnection.Configuration.TLS {
        switch settings.sslMode {
        case "disable": .disable
        case "require": .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        default: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }

    func withReadConnection<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await body(connection.sql(queryLogLevel: .trace, logger: logger))
        }
    }

    func withTransaction<T: Sendable>(
        _ kind: TransactionKind, _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await transaction(kind) { sql, _ in try await body(sql) }
    }

    func withBulkTransaction<T: Sendable>(_ body: (any SQLDatabase, BulkCopier?) async throws -> T) async throws -> T {
        try await transaction(.write) { sql, connection in try await body(sql, BulkCopier(connection: connection, logger: logger)) }
    }

    private func transaction<T: Sendable>(
        _ kind: TransactionKind, _ body: (any SQLDatabase, PostgresConnection) async throws -> T
    ) async throws -> T {
        try await client.withConnection { connection in
            let sql = connection.sql(queryLogLevel: .trace, logger: logger)
            let begin = kind == .snapshot ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN"
            try await sql.raw(SQLQueryString(begin)).run()
            do {
                let result = try await body(sql, connection)
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    func run() async throws {
        await client.run()
    }

    func close() async {}
}

/// Sends rows to a table with PostgreSQL's `COPY … FROM STDIN` on the connection of the transaction it was given
/// with, so that the rows are part of it.
struct BulkCopier: Sendable {
    let connection: PostgresConnection
    let logger: Logger

    /// Copies `rows` into `table`'s `columns` (names checked by the caller: they go into the statement as they are).
    /// A row that breaks a unique constraint fails the whole statement with `BulkCopier.Duplicate` and leaves the
    /// transaction unable to go on.
    func copy(_ rows: CopyRows, into table: String, columns: [String]) async throws {
        do {
            // In a task of its own: PostgresNIO's COPY stops when its task is cancelled (a plain query does not), and
            // a write begun must not end halfway because its caller was cancelled (an audit entry during shutdown).
            try await Task {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    try await writer.write(rows.buffer)
                }
            }.value
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw Duplicate(
                line: error.serverInfo?[.locationContext].flatMap(Self.line), detail: error.serverInfo?[.detail],
                constraint: error.serverInfo?[.constraintName])
        }
    }

    /// The line of the copied rows named in an error's context ("COPY data_…_v1, line 42"), counted from 1.
    static func line(inContext context: String) -> Int? {
        guard let range = context.range(of: ", line ") else { return nil }
        return Int(context[range.upperBound...].prefix { $0.isNumber })
    }

    /// A copied row whose key was already there: its line among the rows, PostgreSQL's detail (`Key (cccd)=(…)
    /// already exists.`) and the constraint's name.
    struct Duplicate: Error {
        let line: Int?
        let detail: String?
        let constraint: String?
    }
}
