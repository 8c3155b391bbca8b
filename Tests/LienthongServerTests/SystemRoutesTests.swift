import Foundation
import HTTPTypes
import HummingbirdTesting
import LienthongTestSupport
import Testing

@testable import LienthongServer

@Suite("Health, metrics, OpenAPI and errors")
struct SystemRoutesTests {
    @Test("health and readiness answer; readiness names the database and schema")
    func health() async throws {
        try await withServer { client in
            #expect(try await client.send(.get, "/healthz").status == .ok)
            let ready = try await client.send(.get, "/readyz")
            #expect(ready.status == .ok)
            #expect(ready.object["database"] as? String == "sqlite")
        }
    }

    @Test("metrics count requests by route pattern, never by raw path")
    func metrics() async throws {
        try await withServer { client in
            try await client.send(.get, "/api/v1/agencies/syt")
            try await client.send(.get, "/api/v1/agencies/no-such-agency")
            let text = try await client.send(.get, "/metrics").text
            #expect(text.contains(#"lienthong_http_requests_total{method="GET",route="/api/v1/agencies/{code}",status="200"} 1"#))
            #expect(text.contains(#"route="/api/v1/agencies/{code}",status="404""#))
            #expect(!text.contains("no-such-agency"))
            #expect(text.contains("lienthong_http_request_duration_seconds_bucket"))
            #expect(text.contains("lienthong_db_pool_size"))
        }
    }

    @Test("the OpenAPI document, the access table and the router list the same routes")
    func openAPIMatchesRouter() async throws {
        let documented = try OpenAPIDocument.routeKeys()
        let table = Set(AccessPolicy.table.keys)
        let (registered, pages) = try await registeredRoutes()
        #expect(pages == Set(AccessPolicy.pages.keys), "pages and AccessPolicy.pages differ")
        #expect(documented == table, "in the document only: \(documented.subtracting(table)); in the table only: \(table.subtracting(documented))")
        #expect(registered == table, "registered only: \(registered.subtracting(table)); table only: \(table.subtracting(registered))")
        let document = try OpenAPIDocument.committed()
        #expect((document["openapi"] as? String)?.hasPrefix("3.1") == true)
    }

    @Test("the served OpenAPI document names the public base URL")
    func servedOpenAPI() async throws {
        try await withServer { client in
            let response = try await client.send(.get, "/openapi.json")
            let servers = response.object["servers"] as? [[String: Any]]
            #expect(servers?.first?["url"] as? String == "https://lienthong.example.vn")
        }
    }

    @Test("an unknown route is a 404 problem with the request id, in the caller's language")
    func notFound() async throws {
        try await withServer { client in
            let response = try await client.send(.get, "/api/v1/nothing-here", headers: [.acceptLanguage: "en-GB,en;q=0.9"])
            #expect(response.status == .notFound)
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(response.problemType == "/problems/not-found")
            #expect(response.object["title"] as? String == "Nothing is found at this address.")
            let id = try #require(response.headers[HTTPField.Name("X-Request-Id")!])
            #expect(response.object["instance"] as? String == id)
            let vietnamese = try await client.send(.get, "/api/v1/nothing-here")
            #expect(vietnamese.object["title"] as? String == "Không tìm thấy địa chỉ này.")
        }
    }

    @Test("a well-formed X-Request-Id is kept; a strange one is replaced")
    func requestID() async throws {
        try await withServer { client in
            let name = HTTPField.Name("X-Request-Id")!
            let kept = try await client.send(.get, "/healthz", headers: [name: "abc-123"])
            #expect(kept.headers[name] == "abc-123")
            let replaced = try await client.send(.get, "/healthz", headers: [name: "<script>"])
            #expect(replaced.headers[name] != "<script>")
            #expect(replaced.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
        }
    }

    @Test("the working-day calendar answers deadlines and counts")
    func calendar() async throws {
        try await withServer { client in
            let deadline = try await client.send(.get, "/api/v1/calendar/working-days?from=2026-02-13&add=5")
            #expect(deadline.object["to"] as? String == "2026-02-27")
            let count = try await client.send(.get, "/api/v1/calendar/working-days?from=2026-02-13&to=2026-02-27")
            #expect(count.object["workingDays"] as? Int == 5)
            let bad = try await client.send(.get, "/api/v1/calendar/working-days?from=13/02/2026&add=5")
            #expect(bad.status == .unprocessableContent)
        }
    }

    @Test("the client address comes from X-Forwarded-For only behind a trusted proxy, IPv4 or IPv6, address or block")
    func clientAddress() {
        let resolver = ClientAddressResolver(trustedProxies: ["10.0.0.0/8", "192.0.2.7"])
        #expect(resolver.resolve(peer: "203.0.113.9", forwardedFor: "1.2.3.4") == "203.0.113.9")
        #expect(resolver.resolve(peer: "10.1.2.3", forwardedFor: "1.2.3.4") == "1.2.3.4")
        #expect(resolver.resolve(peer: "192.0.2.7", forwardedFor: "6.6.6.6, 1.2.3.4, 10.0.0.5") == "1.2.3.4")
        #expect(resolver.resolve(peer: "10.1.2.3", forwardedFor: nil) == "10.1.2.3")
        // A node listening on IPv6 sees an IPv4 proxy as IPv4-mapped: it is still the listed proxy.
        #expect(resolver.resolve(peer: "::ffff:10.1.2.3", forwardedFor: "1.2.3.4") == "1.2.3.4")
        #expect(resolver.resolve(peer: "::FFFF:192.0.2.7", forwardedFor: "1.2.3.4") == "1.2.3.4")
        #expect(resolver.resolve(peer: "::ffff:203.0.113.9", forwardedFor: "1.2.3.4") == "::ffff:203.0.113.9")
        // IPv6 proxies: an address however it is written, and blocks of any length.
        let six = ClientAddressResolver(trustedProxies: ["2001:db8::1", "fd00:a::/32", "fe80::/10", "proxy.internal"])
        #expect(six.resolve(peer: "2001:0DB8:0:0::1", forwardedFor: "2001:db8:1::9") == "2001:db8:1::9")
        #expect(six.resolve(peer: "2001:db8::2", forwardedFor: "1.2.3.4") == "2001:db8::2")
        #expect(six.resolve(peer: "fd00:a:ffff::5", forwardedFor: "1.2.3.4") == "1.2.3.4")
        #expect(six.resolve(peer: "fd00:b::5", forwardedFor: "1.2.3.4") == "fd00:b::5")
        #expect(six.resolve(peer: "febf::1", forwardedFor: "1.2.3.4") == "1.2.3.4", "a block not on a byte boundary")
        #expect(six.resolve(peer: "fec0::1", forwardedFor: "1.2.3.4") == "fec0::1")
        #expect(six.resolve(peer: "proxy.internal", forwardedFor: "1.2.3.4") == "1.2.3.4", "an entry that is no address, by its text")
        #expect(six.resolve(peer: "10.0.0.1", forwardedFor: "1.2.3.4") == "10.0.0.1")
        let odd = ClientAddressResolver(trustedProxies: ["10.0.0.0/33", "192.168.4.0/22"])
        #expect(odd.resolve(peer: "192.168.7.255", forwardedFor: "1.2.3.4") == "1.2.3.4")
        #expect(odd.resolve(peer: "192.168.8.0", forwardedFor: "1.2.3.4") == "192.168.8.0")
        #expect(odd.resolve(peer: "10.0.0.1", forwardedFor: "1.2.3.4") == "10.0.0.1", "a block of 33 bits is no block")
        let everyIPv4 = ClientAddressResolver(trustedProxies: ["0.0.0.0/0"])
        #expect(everyIPv4.resolve(peer: "8.8.8.8", forwardedFor: "1.2.3.4") == "1.2.3.4")
        #expect(everyIPv4.resolve(peer: "2001:db8::1", forwardedFor: "1.2.3.4") == "2001:db8::1", "an IPv4 block never holds IPv6")
    }
}
