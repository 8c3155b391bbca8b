import Foundation
import Lienthong
import LienthongStore
import LienthongTestSupport
import Logging
import SQLKit
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test("migrating twice applies nothing the second time", arguments: TestDatabase.available)
    func idempotent(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let applied = try await Migrator(database: database).migrate()
            let pending = try await Migrator(database: database).pending()
            #expect(applied.isEmpty)
            #expect(pending.isEmpty)
        }
    }

    @Test("nodes starting together migrate once", arguments: TestDatabase.shareable)
    func concurrent(kind: TestDatabase) async throws {
        let place = try await kind.makeLocation()
        defer { Task { await place.cleanup() } }
        let logger = Logger(label: "test")
        let nodes = [
            try await Database.open(place.location, logger: logger),
            try await Database.open(place.location, logger: logger),
            try await Database.open(place.location, logger: logger),
        ]
        let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
            for node in nodes {
                group.addTask { try await node.withRunning { try await Migrator(database: node).migrate() } }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(applied.filter { !$0.isEmpty }.count == 1)
        #expect(applied.flatMap { $0 } == Migration.all.map(\.version))
        let check = try await Database.open(place.location, logger: logger)
        let count = try await check.withRunning {
            try await check.read { try await $0.raw("SELECT COUNT(*) AS n FROM schema_migrations").first()!.decode(column: "n", as: Int.self) }
        }
        #expect(count == Migration.all.count)
    }

    @Test("a failing migration leaves no trace", arguments: TestDatabase.available)
    func atomic(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let broken = Migration(version: 9_999, name: "broken", sql: ["CREATE TABLE half (id TEXT)", "NOT SQL AT ALL"])
            await #expect(throws: (any Error).self) {
                try await Migrator(database: database, migrations: Migration.all + [broken]).migrate()
            }
            let exists = try await database.read { sql in
                try await sql.raw("SELECT COUNT(*) AS n FROM schema_migrations WHERE version = 9999").first()!
                    .decode(column: "n", as: Int.self)
            }
            #expect(exists == 0)
            await #expect(throws: (any Error).self) {
                try await database.read { try await $0.raw("SELECT * FROM half").run() }
            }
        }
    }

    @Test("a database newer than the program is refused", arguments: TestDatabase.available)
    func newerSchema(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            try await database.write { sql in
                try await sql.raw("INSERT INTO schema_migrations (version, name, applied_at) VALUES (100000, 'future', 'x')").run()
            }
            await #expect(throws: StoreError.self) { try await Migrator(database: database).migrate() }
        }
    }

    @Test("a write that throws is rolled back", arguments: TestDatabase.available)
    func rollback(kind: TestDatabase) async throws {
        struct Boom: Error {}
        try await kind.withDatabase { database in
            let directory = DirectoryStore(database: database)
            await #expect(throws: Boom.self) {
                try await database.write { sql in
                    try await sql.raw(
                        "INSERT INTO agencies (id, code, name_vi, name_en, kind, created_at) VALUES ('x', 'tmp', 'a', 'b', 'other', 'now')"
                    ).run()
                    throw Boom()
                }
            }
            let agency = try await directory.agency(code: "tmp")
            #expect(agency == nil)
        }
    }
}
