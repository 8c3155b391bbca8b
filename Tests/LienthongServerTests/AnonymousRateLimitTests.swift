import Foundation
import Hummingbird
import HummingbirdTesting
import LienthongTestSupport
import Testing

@testable import LienthongServer

@Suite("Anonymous requests limited per address")
struct AnonymousRateLimitTests {
    @Test(
        "past its burst an address gets 429 with Retry-After, as a problem or a page; other addresses, an IPv6 /64's neighbours aside, keys, probes and this machine go on"
    )
    func perAddress() async throws {
        // One every 100 s, bursts of two: no token comes back while the test runs, however slow the machine.
        try await withServer(anonymousRate: 0.01) { client in
            func get(_ path: String, from address: String?, headers extra: HTTPFields = [:]) async throws -> TestResponse {
                var headers = extra
                if let address { headers[.xForwardedFor] = address }
                return try await client.execute(uri: path, method: .get, headers: headers)
            }
            let catalog = "/api/v1/datasets"
            for _ in 0..<2 { #expect(try await get(catalog, from: "203.0.113.9").status == .ok, "a burst of twice the rate") }
            let refused = try await get(catalog, from: "203.0.113.9")
            #expect(refused.status == .tooManyRequests)
            #expect((90...100).contains(Int(refused.headers[.retryAfter] ?? "") ?? 0), "\(refused.headers[.retryAfter] ?? "none")")
            #expect(refused.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(String(buffer: refused.body).contains("từ địa chỉ này"))
            let english = try await get(catalog, from: "203.0.113.9", headers: [.acceptLanguage: "en"])
            #expect(english.status == .tooManyRequests && String(buffer: english.body).contains("from this address"))
            let page = try await get("/catalog", from: "203.0.113.9", headers: [.accept: "text/html"])
            #expect(page.status == .tooManyRequests && page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.headers[.retryAfter] != nil)

            #expect(try await get(catalog, from: "203.0.113.10").status == .ok, "another address has its own count")
            for probe in ["/healthz", "/readyz", "/metrics"] {
                for _ in 0..<3 { #expect(try await get(probe, from: "203.0.113.9").status == .ok, "\(probe) is not counted") }
            }
            #expect(try await get("/static/app.css", from: "203.0.113.9").status == .ok, "nor a page's files")
            let token = try await client.signIn("steward.catp")
            let signedIn = try await get(catalog, from: "203.0.113.9", headers: [.authorization: "Bearer \(token)"])
            #expect(signedIn.status == .ok, "a caller with a session or a key is not counted here")

            for _ in 0..<2 { _ = try await get(catalog, from: "2001:db8:1:2::5") }
            #expect(try await get(catalog, from: "2001:db8:1:2::6").status == .tooManyRequests, "one IPv6 /64 is one address")
            #expect(try await get(catalog, from: "2001:db8:1:3::6").status == .ok)

            for _ in 0..<10 { #expect(try await get(catalog, from: nil).status == .ok, "this machine is not counted") }
            for _ in 0..<2 { #expect(try await get(catalog, from: "127.0.0.2").status == .ok) }
            #expect(try await get(catalog, from: "127.0.0.2").status == .tooManyRequests, "a loopback address named by the proxy is counted")
        }
    }

    @Test("keys that are not valid count against their address before their audit entry is written; an unknown CKAN key counts once")
    func invalidCredentials() async throws {
        try await withServer(anonymousRate: 0.01) { client in
            let junk: HTTPFields = [.authorization: "Bearer ltk_" + String(repeating: "A", count: 43), .xForwardedFor: "203.0.113.20"]
            for _ in 0..<2 {
                #expect(try await client.execute(uri: "/api/v1/datasets", method: .get, headers: junk).status == .unauthorized)
            }
            let refused = try await client.execute(uri: "/api/v1/datasets", method: .get, headers: junk)
            #expect(refused.status == .tooManyRequests, "\(refused.status)")
            // On the probes too, which are not counted without a key: each refused key writes an entry.
            let probe: HTTPFields = [.authorization: "Bearer junk", .xForwardedFor: "203.0.113.22"]
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<3 { statuses.append(try await client.execute(uri: "/healthz", method: .get, headers: probe).status) }
            #expect(statuses == [.unauthorized, .unauthorized, .tooManyRequests])
            let admin = try await client.signIn("admin")
            let entries = try await client.send(.get, "/api/v1/audit/entries?action=auth.invalidCredentials&limit=50", token: admin)
            #expect(entries.items.count == 4, "one entry for each refused key, none for the requests over the limit: \(entries.items.count)")

            let ckan: HTTPFields = [.init("X-CKAN-API-Key")!: "not-a-key", .xForwardedFor: "203.0.113.21"]
            for _ in 0..<2 {
                #expect(try await client.execute(uri: "/api/3/action/package_list", method: .get, headers: ckan).status == .ok)
            }
            #expect(try await client.execute(uri: "/api/3/action/package_list", method: .get, headers: ckan).status == .tooManyRequests)
        }
    }

    @Test("LIENTHONG_ANONYMOUS_RATE=0 turns the limit off")
    func off() async throws {
        try await withServer(anonymousRate: 0) { client in
            for _ in 0..<50 {
                let response = try await client.execute(uri: "/api/v1/datasets", method: .get, headers: [.xForwardedFor: "203.0.113.9"])
                #expect(response.status == .ok)
            }
        }
    }

    /// Runs `body` against a live demo server with the given limit, behind a trusted proxy on this machine. Over the
    /// wire: the limit counts the caller's address, which only a live server has; the test's own address is this
    /// machine's, so each request names its caller in `X-Forwarded-For`, as that proxy would.
    private func withServer(anonymousRate: Double, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let place = try await TestDatabase.sqliteMemory.makeLocation()
        var configuration = TestServer.configuration(place.location)
        configuration.anonymousRate = anonymousRate
        configuration.trustedProxies = ["127.0.0.1"]
        let app = try await buildApplication(configuration: configuration)
        try await app.test(.live, body)
        await place.cleanup()
    }
}
