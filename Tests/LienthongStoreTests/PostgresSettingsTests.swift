import Foundation
import LienthongStore
import Logging
import SQLKit
import Testing

@Suite("Reaching PostgreSQL: TCP or a Unix-domain socket")
struct PostgresSettingsTests {
    @Test("a URL names a host and port, or a socket directory as libpq reads it")
    func parsing() throws {
        let tcp = try PostgresSettings(url: "postgres://lt:secret@db.example:6543/city?sslmode=require&pool_size=30")
        #expect(tcp.host == "db.example" && tcp.port == 6543 && tcp.socketPath == nil && tcp.database == "city")
        #expect(tcp.sslMode == "require" && tcp.maximumConnections == 30 && !tcp.description.contains("secret"))

        let query = try PostgresSettings(url: "postgresql://lt@localhost/city?host=/var/run/postgresql")
        #expect(query.socketPath == "/var/run/postgresql/.s.PGSQL.5432" && query.database == "city")
        let noHost = try PostgresSettings(url: "postgres:///city?host=/var/run/postgresql/&port=5433")
        #expect(noHost.socketPath == "/var/run/postgresql/.s.PGSQL.5433" && noHost.username == "postgres")
        let encoded = try PostgresSettings(url: "postgres://lt@%2Fvar%2Frun%2Fpostgresql:5434/city")
        #expect(encoded.socketPath == "/var/run/postgresql/.s.PGSQL.5434")
        #expect(encoded.description == "postgres://lt@/var/run/postgresql/.s.PGSQL.5434/city")

        #expect(throws: StoreError.self) { try PostgresSettings(url: "postgres:///city") }
        #expect(throws: StoreError.self) { try PostgresSettings(url: "mysql://lt@db/city") }
    }

    /// `.ci/run` sets LIENTHONG_TEST_DATABASE_SOCKET_URL to the test server's socket; in CI a missing one fails.
    @Test("a node reads and writes through the server's Unix-domain socket")
    func socket() async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment["LIENTHONG_TEST_DATABASE_SOCKET_URL"], !url.isEmpty else {
            #expect(environment["CI"] != "true", "CI=true but LIENTHONG_TEST_DATABASE_SOCKET_URL is not set")
            return
        }
        let settings = try PostgresSettings(url: url)
        #expect(settings.socketPath != nil, "\(url) names no socket")
        let database = try await Database.open(.postgres(settings), logger: Logger(label: "test"))
        try await database.withRunning {
            let answer = try await database.write { sql in
                try await sql.raw("SELECT 41 + 1 AS answer").first()?.decode(column: "answer", as: Int.self)
            }
            #expect(answer == 42)
        }
    }
}
