import Foundation
import HTTPTypes
import HummingbirdTesting
import Lienthong
import LienthongServer
import LienthongStore
import LienthongTestSupport
import Logging
import Testing

@Suite("API clients and keys")
struct APIKeyTests {
    @Test("a new key is shown once, authenticates, and is never listed")
    func createAndUse() async throws {
        try await withServer { client in
            let admin = try await client.signIn("admin")
            let (id, key) = try await client.createKey(agency: "stc", name: "Hệ thống đăng ký hộ kinh doanh", token: admin)
            #expect(key.hasPrefix("ltk_"))
            let me = try await client.send(.get, "/api/v1/me", token: key)
            #expect(me.status == .ok)
            #expect(me.object["kind"] as? String == "apiClient")
            #expect(me.object["agencyCode"] as? String == "stc")
            let list = try await client.send(.get, "/api/v1/api-clients", token: admin)
            #expect(list.items.contains { $0["id"] as? String == id })
            #expect(!list.text.contains(key))
            let one = try await client.send(.get, "/api/v1/api-clients/\(id)", token: admin)
            #expect(one.object["status"] as? String == "active")
            #expect(!one.text.contains(key))
        }
    }

    @Test("a revoked key stops at once; a rotated key replaces the old one for the same client")
    func revokeAndRotate() async throws {
        try await withServer { client in
            let admin = try await client.signIn("admin")
            let (id, key) = try await client.createKey(agency: "syt", name: "his", token: admin)
            let rotated = try await client.send(.post, "/api/v1/api-clients/\(id)/rotate", token: admin)
            let newKey = try #require(rotated.object["key"] as? String)
            #expect((rotated.object["client"] as? [String: Any])?["id"] as? String == id)
            #expect(try await client.send(.get, "/api/v1/me", token: key).status == .unauthorized)
            #expect(try await client.send(.get, "/api/v1/me", token: newKey).status == .ok)

            let security = try await client.signIn("security")
            let revoked = try await client.send(.post, "/api/v1/api-clients/\(id)/revoke", token: security)
            #expect(revoked.object["status"] as? String == "revoked")
            let refused = try await client.send(.get, "/api/v1/me", token: newKey)
            #expect(refused.status == .unauthorized)
            #expect(refused.problemType == "/problems/invalid-credentials")
            // A revoked key is refused even on public routes, so its holder learns it.
            #expect(try await client.send(.get, "/api/v1/agencies", token: newKey).status == .unauthorized)
            #expect(try await client.send(.get, "/api/v1/agencies", token: "ltk_made-up").status == .unauthorized)
        }
    }

    @Test("a steward manages only their own agency's clients")
    func stewardScope() async throws {
        try await withServer { client in
            let admin = try await client.signIn("admin")
            let other = try await client.createKey(agency: "stc", name: "finance", token: admin)
            let steward = try await client.signIn("steward.syt")
            let own = try await client.createKey(agency: "syt", name: "health", token: steward)
            let foreign = try await client.send(
                .post, "/api/v1/api-clients", token: steward, json: #"{"agencyCode": "stc", "name": "sneaky"}"#)
            #expect(foreign.status == .forbidden)
            #expect(try await client.send(.post, "/api/v1/api-clients/\(other.id)/revoke", token: steward).status == .forbidden)
            let list = try await client.send(.get, "/api/v1/api-clients?agency=stc", token: steward)
            #expect(list.items.contains { $0["id"] as? String == own.id } && !list.items.contains { $0["id"] as? String == other.id })
            #expect(list.items.allSatisfy { $0["agencyCode"] as? String == "syt" }, "their own agency's, whatever they ask")
            #expect(try await client.send(.get, "/api/v1/api-clients", token: own.key).status == .forbidden)
            let inspector = try await client.signIn("inspector")
            #expect(try await client.send(.get, "/api/v1/api-clients", token: inspector).status == .forbidden)
            let past = try await client.send(
                .post, "/api/v1/api-clients", token: steward,
                json: #"{"agencyCode": "syt", "name": "old", "expiresAt": "2020-01-01T00:00:00Z"}"#)
            #expect(past.status == .unprocessableContent)
        }
    }

    @Test("revocation on one node holds on another within a second", arguments: TestDatabase.shareable)
    func twoNodes(kind: TestDatabase) async throws {
        let place = try await kind.makeLocation()
        defer { Task { await place.cleanup() } }
        let configuration = TestServer.configuration(place.location)
        let nodeA = try await buildApplication(configuration: configuration)
        let nodeB = try await buildApplication(configuration: configuration)
        try await nodeA.test(.router) { a in
            try await nodeB.test(.router) { b in
                let admin = try await a.signIn("admin")
                let (id, key) = try await a.createKey(agency: "catp", name: "population", token: admin)
                #expect(try await b.send(.get, "/api/v1/me", token: key).status == .ok)
                #expect(try await a.send(.post, "/api/v1/api-clients/\(id)/revoke", token: admin).status == .ok)
                #expect(try await a.send(.get, "/api/v1/me", token: key).status == .unauthorized)
                let refused = try await becomesTrue(within: .seconds(1)) {
                    try await b.send(.get, "/api/v1/me", token: key).status == .unauthorized
                }
                #expect(refused, "node B still accepted the revoked key after one second")
            }
        }
    }

    @Test("the last use of a key is recorded without a write per request")
    func lastUse() async throws {
        let place = try await TestDatabase.sqliteFile.makeLocation()
        defer { Task { await place.cleanup() } }
        var configuration = TestServer.configuration(place.location)
        // Long enough that the count does not depend on how fast this machine answers 20 requests.
        configuration.lastUseFlushInterval = .seconds(1)
        let app = try await buildApplication(configuration: configuration)
        try await app.test(.router) { client in
            let admin = try await client.signIn("admin")
            let (id, key) = try await client.createKey(agency: "stc", name: "busy-system", token: admin)
            try await Task.sleep(for: .milliseconds(500))
            let before = try await Self.databaseWrites(client)
            let start = ContinuousClock.now
            for _ in 0..<50 { try await client.send(.get, "/api/v1/agencies", token: key) }
            try await Task.sleep(for: .milliseconds(1_300))
            let elapsed = ContinuousClock.now - start
            let count = try await Self.databaseWrites(client) - before
            let shown = try await client.send(.get, "/api/v1/api-clients/\(id)", token: admin)
            #expect(shown.object["lastUsedAt"] as? String != nil)
            // At most one flush a second (more seconds pass when the whole suite loads the machine), and a few writes of
            // background jobs; one write per request would make at least 50.
            let flushes = Int(elapsed.components.seconds) + 1
            #expect(count <= flushes + 3 && count < 25, "\(count) writes in \(elapsed) for 50 requests")
        }
    }

    /// The database writes the server has made so far, from `/metrics`.
    static func databaseWrites(_ client: any TestClientProtocol) async throws -> Int {
        let metrics = try await client.send(.get, "/metrics").text
        let line = metrics.split(separator: "\n").first { $0.contains(#"kind="write""#) }
        return try #require(line.flatMap { Int($0.split(separator: " ").last ?? "") })
    }

    @Test("logs hold no password, key or session token")
    func logsAreClean() async throws {
        try await withServer { client in
            let admin = try await client.signIn("admin")
            let (_, key) = try await client.createKey(agency: "stc", name: "log-check", token: admin)
            try await client.send(.get, "/api/v1/me", token: key)
            try await client.send(.post, "/api/v1/sessions", json: #"{"username": "admin", "password": "wrong-secret-4711"}"#)
            try await Task.sleep(for: .milliseconds(50))
            let logs = TestLogs.captured.joined(separator: "\n")
            #expect(logs.contains("route=/api/v1/me"))
            for secret in [key, admin, TestServer.password, "wrong-secret-4711"] {
                #expect(!logs.contains(secret), "a secret reached the logs")
            }
        }
    }
}
