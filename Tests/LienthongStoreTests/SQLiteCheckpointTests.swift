import Foundation
import Logging
import SQLKit
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
}
