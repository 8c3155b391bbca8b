import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LienthongServer
import LienthongStore
import LienthongTestSupport
import Logging
import NIOCore
import Testing

/// Runs `body` against a fresh server (the demo city) on `kind`, its configuration changed by `configure`.
func withServer(
    _ kind: TestDatabase = .sqliteMemory, configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: @Sendable (any TestClientProtocol) async throws -> Void
) async throws {
    let place = try await kind.makeLocation()
    do {
        var configuration = TestServer.configuration(place.location)
        configure(&configuration)
        let app = try await buildApplication(configuration: configuration)
        try await app.test(.router) { client in try await body(client) }
        await place.cleanup()
    } catch {
        await place.cleanup()
        throw error
    }
}

/// Runs `body` against a fresh server (the demo city) on `kind`, with a connection of its own to the same database
/// for what an insider with database access does behind the server's back.
func withServerAndInsider(
    _ kind: TestDatabase, _ body: @Sendable (any TestClientProtocol, _ insider: Database) async throws -> Void
) async throws {
    let place = try await kind.makeLocation()
    defer { Task { await place.cleanup() } }
    let app = try await buildApplication(configuration: TestServer.configuration(place.location))
    let insider = try await Database.open(place.location, logger: Logger(label: "test.insider"))
    try await insider.withRunning {
        try await app.test(.router) { client in try await body(client, insider) }
    }
}

extension TestClientProtocol {
    /// Sends a request with an optional bearer token and JSON body.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    /// Signs a demo user in and returns the session token.
    func signIn(_ username: String, password: String = TestServer.password) async throws -> String {
        let response = try await send(
            .post, "/api/v1/sessions", json: #"{"username": "\#(username)", "password": "\#(password)"}"#)
        #expect(response.status == .created)
        return try #require(response.object["token"] as? String)
    }

    /// Creates an API client as `token`'s user; returns its id and key.
    func createKey(agency: String, name: String, token: String) async throws -> (id: String, key: String) {
        let response = try await send(
            .post, "/api/v1/api-clients", token: token, json: #"{"agencyCode": "\#(agency)", "name": "\#(name)"}"#)
        #expect(response.status == .created)
        let client = try #require(response.object["client"] as? [String: Any])
        return (try #require(client["id"] as? String), try #require(response.object["key"] as? String))
    }
}

/// Whether `condition` came true within `limit`, asking every 50 ms (for what must hold "within one second").
func becomesTrue(within limit: Duration, _ condition: () async throws -> Bool) async throws -> Bool {
    let start = ContinuousClock.now
    while ContinuousClock.now - start < limit {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(50))
    }
    return false
}

extension TestResponse {
    /// The body as a JSON object (empty when it is not one).
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    var items: [[String: Any]] { object["items"] as? [[String: Any]] ?? [] }

    var text: String { String(buffer: body) }

    /// The problem `type` of an error response.
    var problemType: String? { object["type"] as? String }
}
