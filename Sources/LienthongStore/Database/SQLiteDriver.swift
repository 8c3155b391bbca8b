import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO

/// SQLite with one writer connection, a few read-only readers (WAL lets them read while it writes) and a connection
/// that checkpoints the write-ahead log in the background (`SQLiteCheckpointer`).
///
/// In memory there is a single connection (an in-memory database is private to its connection), used by
/// reads and writes in turn.
final class SQLiteDriver: DatabaseDriver {
    let dialect = Dialect.sqlite
    private let writer: SQLiteConnection
    private let readers: [SQLiteConnection]
    private let writerGate: AsyncSemaphore
    private let readerPool: ReaderPool
    /// The threads that run this database's SQLite calls: one per connection, owned by this driver, so
    /// that a call waiting on another process's lock (`busy_timeout`) never starves other connections.
    private let threads: NIOThreadPool
    /// Checkpoints a file's write-ahead log off the writer (nil in memory, where there is none).
    private let checkpointer: SQLiteCheckpointer?

    var poolSize: Int { max(readers.count, 1) }

    private init(
        writer: SQLiteConnection, readers: [SQLiteConnection], threads: NIOThreadPool, writerGate: AsyncSemaphore,
        checkpointer: SQLiteCheckpointer?
    ) {
        self.writer = writer
        self.writerGate = writerGate
        self.readers = readers
        self.readerPool = ReaderPool(count: readers.count)
        self.threads = threads
        self.checkpointer = checkpointer
    }

    private static func connect(
        _ storage: SQLiteConnection.Storage, threads: NIOThreadPool, logger: Logger
    ) async throws -> SQLiteConnection {
        try await SQLiteConnection.open(
            storage: storage, threadPool: threads, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any()
        ).get()
    }

    /// Opens the database; for a file, creates its directory, turns WAL on and opens `readerCount` readers.
    static func open(_ location: DatabaseLocation, readerCount: Int = 4, logger: Logger) async throws -> SQLiteDriver {
        var sqliteLogger = logger
        sqliteLogger.logLevel = max(logger.logLevel, .info)
        switch location {
        case .sqliteMemory:
            let threads = NIOThreadPool(numberOfThreads: 1)
            threads.start()
            return try await closingOnFailure(threads) { opened in
                let connection = try await connect(.memory, threads: threads, logger: sqliteLogger)
                opened.append(connection)
                try await configure(connection, readOnly: false)
                return SQLiteDriver(
                    writer: connection, readers: [], threads: threads, writerGate: AsyncSemaphore(permits: 1), checkpointer: nil)
            }
        case .sqliteFile(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw StoreError.unreachable("cannot create the directory \(directory): \(error.localizedDescription)")
            }
            let threads = NIOThreadPool(numberOfThreads: readerCount + 2)
            threads.start()
            return try await closingOnFailure(threads) { opened in
                let writer: SQLiteConnection
                do {
                    writer = try await connect(.file(path: path), threads: threads, logger: sqliteLogger)
                } catch {
                    throw StoreError.unreachable("cannot open \(path): \(error)")
                }
                opened.append(writer)
                try await configure(writer, readOnly: false)
                try await enableWAL(writer)
                try await configureWriter(writer)
                var readers: [SQLiteConnection] = []
                for _ in 0..<readerCount {
                    let reader = try await connect(.file(path: path), threads: threads, logger: sqliteLogger)
                    opened.append(reader)
                    try await configure(reader, readOnly: true)
                    readers.append(reader)
                }
                let checkpoints = try await connect(.file(path: path), threads: threads, logger: sqliteLogger)
                opened.append(checkpoints)
                try await configure(checkpoints, readOnly: false)
                // Its `RESTART` tries again by itself, in steps far shorter than SQLite's busy handler's.
                try await checkpoints.sql().raw("PRAGMA busy_timeout=0").run()
                let gate = AsyncSemaphore(permits: 1)
                return SQLiteDriver(
                    writer: writer, readers: readers, threads: threads, writerGate: gate,
                    checkpointer: SQLiteCheckpointer(connection: checkpoints, writerGate: gate, logger: sqliteLogger))
            }
        case .postgres:
            preconditionFailure("SQLiteDriver opened with a PostgreSQL location")
        }
    }

    /// Runs `open` with a list to put each connection in as it opens; if it throws, closes those connections and
    /// the thread pool before the error goes on, so that a file that fails half way leaves nothing open.
    private static func closingOnFailure(
        _ threads: NIOThreadPool, _ open: (inout [SQLiteConnection]) async throws -> SQLiteDriver
    ) async throws -> SQLiteDriver {
        var opened: [SQLiteConnection] = []
        do {
            return try await open(&opened)
        } catch {
            for connection in opened { try? await connection.close() }
            try? await threads.shutdownGracefully()
            throw error
        }
    }

    /// Switches the file to write-ahead logging (a lasting property of the file). When several nodes open
    /// a new file together the switch can meet another node's lock without waiting (SQLite refuses at
    /// once rather than deadlock), so it is retried for a while.
    private static func enableWAL(_ connection: SQLiteConnection) async throws {
        var attempt = 0
        while true {
            do {
                let row = try await connection.sql().raw("PRAGMA journal_mode=WAL").first()
                if try row?.decode(column: "journal_mode", as: String.self) == "wal" { return }
            } catch let error as SQLiteError where error.reason == .busy || error.reason == .locked {
                if attempt >= 100 { throw error }
            }
            attempt += 1
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The writer never checkpoints (`SQLiteCheckpointer` does, in the background), and once the log has started over
    /// its first commit cuts the `-wal` file back to `logSizeLimit` bytes: a file that grew while a long read (a backup)
    /// held the log does not keep that size for good.
    static func configureWriter(_ writer: SQLiteConnection, logSizeLimit: Int = defaultLogSizeLimit) async throws {
        try await writer.sql().raw("PRAGMA wal_autocheckpoint=0").run()
        try await writer.sql().raw(SQLQueryString("PRAGMA journal_size_limit=\(unsafeRaw: String(logSizeLimit))")).run()
    }

    /// Twice the log's length at which the checkpointer starts it over (`SQLiteCheckpointer.defaultRestartFrames`
    /// frames of a 4 KB page and its 24-byte header; about 270 MB), so that under steady writes the file is never cut
    /// and grown again.
    static let defaultLogSizeLimit = 2 * SQLiteCheckpointer.defaultRestartFrames * (4_096 + 24)

    private static func configure(_ connection: SQLiteConnection, readOnly: Bool) async throws {
        let sql = connection.sql()
        try await sql.raw("PRAGMA foreign_keys=ON").run()
        try await sql.raw("PRAGMA busy_timeout=10000").run()
        // WAL with synchronous=NORMAL survives a process crash (kill -9); only an OS crash may lose the last commits.
        try await sql.raw("PRAGMA synchronous=NORMAL").run()
        if readOnly { try await sql.raw("PRAGMA query_only=ON").run() }
    }

    func withReadConnection<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        if readers.isEmpty { return try await withWriter(body) }
        return try await withReader(body)
    }

    func withTransaction<T: Sendable>(
        _ kind: TransactionKind, _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T {
        if kind == .snapshot, !readers.isEmpty {
            return try await withReader { try await Self.transaction($0, begin: "BEGIN DEFERRED", body) }
        }
        return try await withWriter { try await Self.transaction($0, begin: "BEGIN IMMEDIATE", body) }
    }

    func withAutocommitWrite<T: Sendable>(_ body: (any SQLDatabase, PreparedStatements?) async throws -> T) async throws -> T {
        try await withWriter { try await body($0, nil) }
    }

    private func withWriter<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        defer { checkpointer?.wrote() }
        return try await writerGate.withPermit { try await body(writer.sql()) }
    }

    private func withReader<T: Sendable>(_ body: (any SQLDatabase) async throws -> T) async throws -> T {
        let index = await readerPool.take()
        do {
            let result = try await body(readers[index].sql())
            await readerPool.give(index)
            return result
        } catch {
            await readerPool.give(index)
            throw error
        }
    }

    private static func transaction<T: Sendable>(
        _ sql: any SQLDatabase, begin: String, _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await sql.raw(SQLQueryString(begin)).run()
        do {
            let result = try await body(sql)
            try await sql.raw("COMMIT").run()
            return result
        } catch {
            try? await sql.raw("ROLLBACK").run()
            throw error
        }
    }

    func run() async throws {}

    func close() async {
        await checkpointer?.close()
        for connection in readers + [writer] {
            try? await connection.close().get()
        }
        try? await threads.shutdownGracefully()
    }
}

/// Hands out reader connections by index, one task at a time each.
private actor ReaderPool {
    private var free: [Int]
    private var waiters: [CheckedContinuation<Int, Never>] = []

    init(count: Int) {
        free = Array(0..<count)
    }

    func take() async -> Int {
        if let index = free.popLast() { return index }
        return await withCheckedContinuation { waiters.append($0) }
    }

    func give(_ index: Int) {
        if waiters.isEmpty {
            free.append(index)
        } else {
            waiters.removeFirst().resume(returning: index)
        }
    }
}
