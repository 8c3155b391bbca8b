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
    /// reason instead of waiting on the pool) and lets this role run `flushStatement`, then makes the pool.
    static func open(_ settings: PostgresSettings, logger: Logger) async throws -> PostgresDriver {
        let configuration = try clientConfiguration(settings)
        var connectionConfiguration =
            if let socket = settings.socketPath {
                PostgresConnection.Configuration(
                    unixSocketPath: socket, username: settings.username, password: settings.password, database: settings.database)
            } else {
                PostgresConnection.Configuration(
                    host: settings.host, port: settings.port, username: settings.username, password: settings.password,
                    database: settings.database, tls: try connectionTLS(settings))
            }
        connectionConfiguration.options.connectTimeout = .seconds(10)
        let probe: PostgresConnection
        do {
            probe = try await PostgresConnection.connect(configuration: connectionConfiguration, id: 0, logger: logger)
        } catch let error as PSQLError {
            let reason = error.serverInfo?[.message] ?? "\(error.code)"
            throw StoreError.unreachable("\(settings): \(reason)")
        } catch {
            throw StoreError.unreachable("\(settings): \(error)")
        }
        // The probe is closed either way; a failure to close it is not the server refusing the statement.
        var refusal: (any Error)?
        do {
            try await probe.sql(queryLogLevel: .trace, logger: logger).raw(SQLQueryString(flushStatement)).run()
        } catch {
            refusal = error
        }
        try? await probe.close()
        if let refusal {
            let reason = (refusal as? PSQLError)?.serverInfo?[.message] ?? "\(refusal)"
            throw StoreError.incompatible(
                "\(settings): the audit log waits for its commits with pg_logical_emit_message, which the server refused "
                    + "(\(reason)); grant EXECUTE on it to this role")
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
        // A Unix-domain socket carries no TLS (PostgreSQL offers none on it; the socket's file permissions guard it).
        var configuration =
            if let socket = settings.socketPath {
                PostgresClient.Configuration(
                    unixSocketPath: socket, username: settings.username, password: settings.password, database: settings.database)
            } else {
                PostgresClient.Configuration(
                    host: settings.host, port: settings.port, username: settings.username, password: settings.password,
                    database: settings.database, tls: tls)
            }
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
        try await transaction(kind, contended: false) { sql, _, _ in try await body(sql) }
    }

    func withBulkTransaction<T: Sendable>(
        contended: Bool, _ body: (any SQLDatabase, BulkCopier?) async throws -> T
    ) async throws -> T {
        try await transaction(.write, contended: contended) { sql, connection, executor in
            try await body(sql, BulkCopier(connection: connection, executor: executor, logger: logger))
        }
    }

    /// A `contended` transaction runs on its connection's event loop (`EventLoopTaskExecutor`) and commits with
    /// `synchronous_commit` off, which lets go of its locks without waiting for the flush; `flushStatement` then waits
    /// for it on the same connection. If that fails, the error goes to the caller although the commit happened: the
    /// flush is not tried on another connection, which after a crash of the server would confirm a commit the crash
    /// had lost.
    private func transaction<T: Sendable>(
        _ kind: TransactionKind, contended: Bool,
        _ body: (any SQLDatabase, PostgresConnection, (any TaskExecutor)?) async throws -> T
    ) async throws -> T {
        try await client.withConnection { connection in
            let executor = contended ? EventLoopTaskExecutor(connection.eventLoop) : nil
            return try await withTaskExecutorPreference(executor) {
                let sql = connection.sql(queryLogLevel: .trace, logger: logger)
                let begin = kind == .snapshot ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN"
                try await sql.raw(SQLQueryString(begin)).run()
                let result: T
                do {
                    if contended { try await sql.raw("SET LOCAL synchronous_commit TO off").run() }
                    result = try await body(sql, connection, executor)
                    try await sql.raw("COMMIT").run()
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
                if contended { try await flush(connection) }
                return result
            }
        }
    }

    /// `body` outside a transaction, then the flush (`flushStatement`, prepared) on the same connection, as
    /// `transaction` does after a `contended` commit.
    func withAutocommitWrite<T: Sendable>(_ body: (any SQLDatabase, PreparedStatements?) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await withTaskExecutorPreference(EventLoopTaskExecutor(connection.eventLoop)) {
                let prepared = PreparedStatements(connection: connection, logger: logger)
                let result = try await body(connection.sql(queryLogLevel: .trace, logger: logger), prepared)
                try await flush(connection)
                return result
            }
        }
    }

    /// Runs `flushStatement`, prepared, on `connection`.
    private func flush(_ connection: PostgresConnection) async throws {
        _ = try await PreparedStatements(connection: connection, logger: logger).rows(Flush())
    }

    /// `flushStatement` as a prepared statement.
    private struct Flush: PostgresPreparedStatement {
        static let name = "lienthong_flush"
        static let sql = PostgresDriver.flushStatement
        func makeBindings() -> PostgresBindings { PostgresBindings() }
        func decodeRow(_ row: PostgresRow) {}
    }

    /// Returns once everything committed so far on the server is on disk (and sent to a synchronous standby, if the
    /// server has one): a transaction that writes a record of its own to the write-ahead log (an empty transactional
    /// logical message with the prefix `lienthong`, which logical decoding clients may receive) and commits with the
    /// session's own `synchronous_commit`, so it waits for the log to be flushed up to that record, after every commit
    /// before it. (A transaction that only took an id would not do: PostgreSQL waits only for transactions that wrote
    /// to the log.) `open` runs it once, so a server that refuses it is found at start.
    static let flushStatement = "SELECT pg_logical_emit_message(true, 'lienthong', '')"

    func run() async throws {
        await client.run()
    }

    func close() async {}
}

/// Sends rows to a table with PostgreSQL's `COPY … FROM STDIN` on the connection of the transaction it was given
/// with, so that the rows are part of it.
struct BulkCopier: Sendable {
    let connection: PostgresConnection
    /// Where the copy's task runs (the transaction's own preference; nil: the global executor).
    let executor: (any TaskExecutor)?
    let logger: Logger

    /// Copies `rows` into `table`'s `columns` (names checked by the caller: they go into the statement as they are).
    /// A row that breaks a unique constraint fails the whole statement with `BulkCopier.Duplicate` and leaves the
    /// transaction unable to go on.
    func copy(_ rows: CopyRows, into table: String, columns: [String]) async throws {
        do {
            // In a task of its own: PostgresNIO's COPY stops when its task is cancelled (a plain query does not), and
            // a write begun must not end halfway because its caller was cancelled (an audit entry during shutdown).
            try await Task(executorPreference: executor) {
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
