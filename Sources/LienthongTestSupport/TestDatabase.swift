import Foundation
import Lienthong
import LienthongStore
import Logging
import SQLKit

/// The databases every storage test runs on: SQLite in memory, SQLite on disk and PostgreSQL.
///
/// PostgreSQL is used when `LIENTHONG_TEST_DATABASE_URL` is set; each test gets a schema of its own,
/// dropped afterwards. With `CI=true` PostgreSQL is always in the list, so a missing URL or server fails
/// the run instead of skipping it.
public enum TestDatabase: String, Sendable, CustomStringConvertible, CaseIterable {
    case sqliteMemory = "SQLite in memory"
    case sqliteFile = "SQLite on disk"
    case postgres = "PostgreSQL"

    public var description: String { rawValue }

    /// The kinds to run on here.
    public static var available: [TestDatabase] {
        let environment = ProcessInfo.processInfo.environment
        let hasPostgres = !(environment["LIENTHONG_TEST_DATABASE_URL"] ?? "").isEmpty
        let inCI = environment["CI"] == "true"
        return hasPostgres || inCI ? allCases : [.sqliteMemory, .sqliteFile]
    }

    /// The kinds that several processes or nodes can share (not SQLite in memory).
    public static var shareable: [TestDatabase] { available.filter { $0 != .sqliteMemory } }

    /// A fresh, empty place of this kind: a new temporary file, or a new PostgreSQL schema.
    public func makeLocation() async throws -> TestLocation {
        switch self {
        case .sqliteMemory:
            return TestLocation(location: .sqliteMemory, cleanup: {})
        case .sqliteFile:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lienthong-test-\(UUID())")
            return TestLocation(location: .dataDirectory(directory.path)) {
                try? FileManager.default.removeItem(at: directory)
            }
        case .postgres:
            guard let url = ProcessInfo.processInfo.environment["LIENTHONG_TEST_DATABASE_URL"], !url.isEmpty else {
                throw TestSetupError("CI=true but LIENTHONG_TEST_DATABASE_URL is not set: PostgreSQL tests cannot run")
            }
            var settings = try PostgresSettings(url: url)
            settings.sslMode = "disable"
            settings.maximumConnections = 8
            let schema = "t_" + UUID().lowercasedString.replacingOccurrences(of: "-", with: "").prefix(16)
            try await Self.onServer(settings) { try await $0.write { sql in try await sql.raw("CREATE SCHEMA \(unsafeRaw: String(schema))").run() } }
            var scoped = settings
            scoped.searchPath = String(schema)
            let server = settings
            return TestLocation(location: .postgres(scoped)) {
                try? await Self.onServer(server) {
                    try await $0.write { sql in try await sql.raw("DROP SCHEMA \(unsafeRaw: String(schema)) CASCADE").run() }
                }
            }
        }
    }

    private static func onServer(_ settings: PostgresSettings, _ body: (Database) async throws -> Void) async throws {
        let database = try await Database.open(.postgres(settings), logger: Logger(label: "test-setup"))
        try await database.withRunning { try await body(database) }
    }

    /// Opens a fresh, migrated database of this kind, runs `body`, then cleans up.
    public func withDatabase<T: Sendable>(_ body: (Database) async throws -> T) async throws -> T {
        let place = try await makeLocation()
        do {
            let database = try await Database.open(place.location, logger: Logger(label: "test"))
            let result = try await database.withRunning {
                try await Migrator(database: database).migrate()
                return try await body(database)
            }
            await place.cleanup()
            return result
        } catch {
            await place.cleanup()
            throw error
        }
    }
}

/// A place for a test database and how to remove it.
public struct TestLocation: Sendable {
    public let location: DatabaseLocation
    public let cleanup: @Sendable () async -> Void

    public init(location: DatabaseLocation, cleanup: @escaping @Sendable () async -> Void) {
        self.location = location
        self.cleanup = cleanup
    }
}

/// A test could not be set up (for example PostgreSQL required in CI but not configured).
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
