import Foundation
import Logging
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO
import Testing

@testable import LienthongStore

/// The writer never checkpoints (`wal_autocheckpoint=0`): the write-ahead log reaches the database file only through
/// `SQLiteCheckpointer`, in the background, while the database stays open.
@Suite("SQLite checkpoints")
struct SQLiteCheckpointTests {
    @Test("writes reach the database file in the background, without the database being closed")
    func background() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lienthong-checkpoint-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let database = try await Database.open(.dataDirectory(directory), logger: Logger(label: "test"))
        let file = directory + "/lienthong.sqlite"
        func size() throws -> Int { try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int ?? 0 }
        try await database.withRunning {
            try await database.write { sql in try await sql.raw("CREATE TABLE filler (value TEXT)").run() }
            try await Task.sleep(for: .milliseconds(300))
            let before = try size()
            try await database.write { sql in
                try await sql.raw(
                    """
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
                    INSERT INTO filler SELECT hex(randomblob(100)) FROM n
                    """
                ).run()
            }
            var grown = false
            for _ in 0..<50 where !grown {
                try await Task.sleep(for: .milliseconds(100))
                grown = try size() > before + 2_000_000
            }
            #expect(grown, "4 MB written 5 s ago are still only in the write-ahead log")
        }
    }

    @Test("past its length limit the log starts over from its beginning, while writes go on")
    func restart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lienthong-restart-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let threads = NIOThreadPool(numberOfThreads: 2)
        threads.start()
        defer { Task { try? await threads.shutdownGracefully() } }
        let (writer, gate, checkpointer) = try await Self.writerAndCheckpointer(directory, threads: threads)
        // A reader always in the log, as under load: SQLite itself starts the log over only when no reader is.
        let reader = try await Self.open(directory, threads: threads)
        let reading = Task {
            while !Task.isCancelled {
                try await reader.sql().raw("BEGIN").run()
                _ = try await reader.sql().raw("SELECT count(*) AS n FROM filler").first()
                try await Task.sleep(for: .milliseconds(3))
                try await reader.sql().raw("COMMIT").run()
            }
        }
        // About three pages a transaction, 1,200 in all: six times the limit.
        for _ in 0..<400 {
            try await gate.withPermit { try await writer.sql().raw("INSERT INTO filler SELECT hex(randomblob(4000))").run() }
            checkpointer.wrote()
            try await Task.sleep(for: .milliseconds(2))
        }
        reading.cancel()
        if case .failure(let error) = await reading.result, !(error is CancellationError) {
            Issue.record("the reader stopped before the writes were done: \(error)")
        }
        let row = try await writer.sql().raw("PRAGMA wal_checkpoint(PASSIVE)").first()
        let log = try #require(try row?.decode(column: "log", as: Int.self))
        #expect(log < 800, "the log holds \(log) pages: it never started over")
        await checkpointer.close()
        try await reader.close()
        try await writer.close()
    }

    @Test("a log grown while a reader held it is cut back to its size limit once it starts over")
    func sizeLimit() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lienthong-limit-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let threads = NIOThreadPool(numberOfThreads: 2)
        threads.start()
        defer { Task { try? await threads.shutdownGracefully() } }
        let (writer, gate, checkpointer) = try await Self.writerAndCheckpointer(directory, threads: threads, logSizeLimit: 1_000_000)
        // A long read (a backup) holds the log while about 5 MB are written to it.
        let reader = try await Self.open(directory, threads: threads)
        try await reader.sql().raw("BEGIN").run()
        _ = try await reader.sql().raw("SELECT count(*) AS n FROM filler").first()
        try await gate.withPermit {
            try await writer.sql().raw(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200)
                INSERT INTO filler SELECT hex(randomblob(2000)) FROM n
                """
            ).run()
        }
        checkpointer.wrote()
        let logFile = directory + "/t.sqlite-wal"
        func size() throws -> Int { try FileManager.default.attributesOfItem(atPath: logFile)[.size] as? Int ?? 0 }
        let grown = try size()
        #expect(grown > 4_000_000, "the log is only \(grown) bytes")
        try await reader.sql().raw("COMMIT").run()
        // Once the read is over, the log starts over, and the next commit cuts the file back.
        var cut = false
        for _ in 0..<250 where !cut {
            try await gate.withPermit { try await writer.sql().raw("INSERT INTO filler SELECT hex(randomblob(100))").run() }
            checkpointer.wrote()
            try await Task.sleep(for: .milliseconds(20))
            cut = try size() <= 1_000_000
        }
        let final = try size()
        #expect(cut, "the log file is still \(final) bytes, having grown to \(grown)")
        await checkpointer.close()
        try await reader.close()
        try await writer.close()
    }

    /// On `t.sqlite` in `directory`: a writer set up as `SQLiteDriver` sets its own (the log's size limit aside), with a
    /// table `filler`; its gate; and a checkpointer that looks every 20 ms and starts the log over past 200 pages.
    private static func writerAndCheckpointer(
        _ directory: String, threads: NIOThreadPool, logSizeLimit: Int = SQLiteDriver.defaultLogSizeLimit
    ) async throws -> (writer: SQLiteConnection, gate: AsyncSemaphore, checkpointer: SQLiteCheckpointer) {
        let writer = try await open(directory, threads: threads)
        _ = try await writer.sql().raw("PRAGMA journal_mode=WAL").first()
        try await SQLiteDriver.configureWriter(writer, logSizeLimit: logSizeLimit)
        try await writer.sql().raw("CREATE TABLE filler (value TEXT)").run()
        let checkpoints = try await open(directory, threads: threads)
        try await checkpoints.sql().raw("PRAGMA busy_timeout=0").run()
        let gate = AsyncSemaphore(permits: 1)
        let checkpointer = SQLiteCheckpointer(
            connection: checkpoints, writerGate: gate, interval: .milliseconds(20), restartFrames: 200, logger: Logger(label: "test"))
        return (writer, gate, checkpointer)
    }

    /// A connection to `t.sqlite` in `directory`.
    private static func open(_ directory: String, threads: NIOThreadPool) async throws -> SQLiteConnection {
        try await SQLiteConnection.open(
            storage: .file(path: directory + "/t.sqlite"), threadPool: threads, logger: Logger(label: "test"),
            on: MultiThreadedEventLoopGroup.singleton.any()
        ).get()
    }
}
