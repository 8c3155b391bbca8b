import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Lienthong
import LienthongServer
import LienthongTestSupport
import NIOCore
import Testing

@Suite("Agency services through the gateway")
struct ServiceGatewayTests {
    static let purpose = HTTPField.Name("Lienthong-Purpose")!

    /// Holds the upstream's `/slow` answer back until the test has seen the gateway give up on it.
    actor Gate {
        private var isOpen = false
        private var waiting: [CheckedContinuation<Void, Never>] = []

        func wait() async {
            if isOpen { return }
            await withCheckedContinuation { waiting.append($0) }
        }

        func open() {
            isOpen = true
            for waiter in waiting { waiter.resume() }
            waiting = []
        }
    }

    /// A real upstream service on a free port: it echoes what reached it, answers `/slow` only when the gate opens,
    /// fails, redirects and streams. The gate opens when `body` ends, whatever it did.
    static func withUpstream(_ body: @Sendable (Int, Gate) async throws -> Void) async throws {
        let gate = Gate()
        let router = Router()
        router.get("/facilities/{id}") { request, context -> Response in
            var seen: [String: String] = ["id": try context.parameters.require("id"), "query": request.uri.query ?? ""]
            for field in request.headers { seen[field.name.canonicalName] = field.value }
            let data = try JSONSerialization.data(withJSONObject: seen, options: [.sortedKeys])
            return Response(
                status: .ok, headers: [.contentType: "application/json", .setCookie: "upstream=1"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.get("/slow") { _, _ -> String in
            await gate.wait()
            return "late"
        }
        router.get("/fail") { _, _ -> Response in Response(status: .internalServerError) }
        router.get("/redirect-away") { _, _ -> Response in Response(status: .found, headers: [.location: "http://example.invalid/steal"]) }
        router.get("/redirect-home") { request, _ -> Response in
            let host = request.head.authority ?? "127.0.0.1"
            return Response(status: .found, headers: [.location: "http://\(host)/facilities/1"])
        }
        router.get("/big") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "application/octet-stream"],
                body: ResponseBody { writer in
                    for _ in 0..<32 { try await writer.write(ByteBuffer(repeating: 0x61, count: 64 * 1024)) }
                    try await writer.finish(nil)
                })
        }
        router.post("/echo") { request, _ -> Response in
            Response(status: .ok, body: ResponseBody(asyncSequence: request.body))
        }
        let upstream = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await upstream.test(.live) { client in
            do {
                try await body(try #require(client.port), gate)
            } catch {
                await gate.open()
                throw error
            }
            await gate.open()
        }
    }

    static let endpoints =
        #"["GET /facilities/{id}", "DELETE /facilities/{id}", "GET /slow", "GET /fail", "GET /redirect-away", "GET /redirect-home", "GET /big", "POST /echo"]"#

    @Test("a consumer calls a registered service only for granted endpoints and purposes; every call is audited")
    func grantedCalls() async throws {
        try await Self.withUpstream { port, slowAnswer in
            try await withServer(configure: { $0.maxServiceBodyBytes = 2 << 20 }) { client in
                let health = try await client.signIn("steward.syt")
                let registered = try await client.send(
                    .post, "/api/v1/services", token: health,
                    json:
                        #"{"code": "his", "nameVi": "Hệ thống thông tin y tế", "nameEn": "Health information system", "baseUrl": "http://127.0.0.1:\#(port)", "endpoints": \#(Self.endpoints), "timeoutMs": 1000}"#
                )
                #expect(registered.status == .created, "\(registered.text)")
                #expect(registered.object["gatewayPath"] as? String == "/gateway/v1/services/syt/his")
                #expect(!registered.text.contains("127.0.0.1"), "consumers never see where the service runs")

                let finance = try await client.signIn("steward.stc")
                let until = CivilDate(vietnam: Date()).adding(days: 60).description
                let asked = try await client.send(
                    .post, "/api/v1/access-requests", token: finance,
                    json:
                        #"{"service": "syt/his", "endpoints": ["GET /facilities/{id}", "GET /slow", "GET /fail", "GET /redirect-away", "GET /redirect-home", "GET /big", "POST /echo"], "purpose": "thanh-tra", "legalBasis": "Luật Thanh tra 2022", "until": "\#(until)"}"#
                )
                #expect(asked.status == .created, "\(asked.text)")
                let id = try #require(asked.object["id"] as? String)
                let granted = try await client.send(.post, "/api/v1/access-requests/\(id)/answer", token: health, json: #"{"decision": "grant"}"#)
                #expect(granted.object["status"] as? String == "granted", "\(granted.text)")

                let system = try await client.createKey(agency: "stc", name: "thanh-tra", token: finance)
                let call: @Sendable (HTTPRequest.Method, String, HTTPFields, String?) async throws -> TestResponse = { method, path, extra, body in
                    var headers = extra
                    headers[.authorization] = "Bearer \(system.key)"
                    if headers[Self.purpose] == nil { headers[Self.purpose] = "thanh-tra" }
                    return try await client.execute(
                        uri: "/gateway/v1/services/syt/his" + path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
                }
                let ok = try await call(.get, "/facilities/42?x=1", [.cookie: "session=secret"], nil)
                #expect(ok.status == .ok, "\(ok.text)")
                let seen = ok.object
                #expect(seen["id"] as? String == "42" && seen["query"] as? String == "x=1")
                #expect(seen["lienthong-purpose"] as? String == "thanh-tra" && seen["lienthong-consumer"] as? String == "stc")
                #expect(seen["x-request-id"] != nil, "the request id goes upstream")
                #expect(seen["authorization"] == nil && seen["cookie"] == nil, "the caller's credentials never reach the service")
                #expect(ok.headers[.setCookie] == nil, "the service's cookies never reach the caller")
                #expect(ok.headers[HTTPField.Name("Lienthong-Grant")!] != nil)

                #expect(try await call(.get, "/facilities/42", [Self.purpose: ""], nil).status == .badRequest)
                #expect(try await call(.get, "/facilities/42", [Self.purpose: "thong-ke"], nil).problemType == "/problems/endpoint-not-granted")
                #expect(try await call(.delete, "/facilities/42", [:], nil).problemType == "/problems/endpoint-not-granted")
                #expect(try await call(.get, "/patients/1", [:], nil).problemType == "/problems/endpoint-not-offered")
                #expect(try await call(.get, "/facilities/..", [:], nil).status == .notFound)

                // The service's timeout is 1 s and `/slow` answers only once the gate opens, after this call: the caller
                // gets 504 without waiting for the answer. (A bound in seconds here failed on a loaded CI machine.)
                let slow = try await call(.get, "/slow", [:], nil)
                #expect(slow.status == .gatewayTimeout && slow.problemType == "/problems/upstream-timeout")
                await slowAnswer.open()
                #expect(try await call(.get, "/fail", [:], nil).status == .internalServerError, "the service's own answer passes through")
                #expect(try await call(.get, "/redirect-away", [:], nil).problemType == "/problems/upstream-redirect")
                let home = try await call(.get, "/redirect-home", [:], nil)
                #expect(home.status == .found && home.headers[.location] == "/gateway/v1/services/syt/his/facilities/1")
                #expect(try await call(.get, "/big", [:], nil).body.readableBytes == 32 * 64 * 1024)
                let payload = String(repeating: "dữ liệu ", count: 50_000)
                let echoed = try await call(.post, "/echo", [.contentType: "text/plain"], payload)
                #expect(echoed.status == .ok && echoed.text == payload, "bodies stream both ways")
                let huge = try await call(.post, "/echo", [.contentType: "text/plain"], String(repeating: "x", count: 3 << 20))
                #expect(huge.status == .contentTooLarge, "a body over the limit (2 MiB here) is cut off")

                let security = try await client.signIn("security")
                let log = try await client.send(.get, "/api/v1/audit/entries?action=service.call&limit=100", token: security)
                #expect(log.items.contains { $0["outcome"] as? String == "success" && $0["purpose"] as? String == "thanh-tra" })
                #expect(log.items.contains { $0["outcome"] as? String == "denied" })
                #expect(log.items.contains { $0["outcome"] as? String == "failed" }, "timeouts and refused redirects are recorded")
            }
        }
    }

    @Test("no service may run on a link-local or metadata host; with a host list, only on listed hosts, and the gateway calls no other")
    func serviceHosts() async throws {
        try await withServer { client in
            let health = try await client.signIn("steward.syt")
            let metadata = try await client.send(
                .post, "/api/v1/services", token: health,
                json:
                    #"{"code": "meta", "nameVi": "Dịch vụ", "nameEn": "Service", "baseUrl": "http://169.254.169.254/latest", "endpoints": ["GET /a"]}"#
            )
            #expect(metadata.status == .unprocessableContent && metadata.problemType == "/problems/service-host-refused", "\(metadata.text)")
        }
        let listed: (inout ServerConfiguration) -> Void = { $0.serviceHosts = ServiceHosts(list: "his.syt.hanoi.gov.vn, .services.hanoi.gov.vn") }
        try await withServer(configure: listed) { client in
            let health = try await client.signIn("steward.syt")
            func register(_ code: String, _ url: String) async throws -> TestResponse {
                try await client.send(
                    .post, "/api/v1/services", token: health,
                    json:
                        #"{"code": "\#(code)", "nameVi": "Dịch vụ", "nameEn": "Service", "baseUrl": "\#(url)", "endpoints": ["GET /ping"], "sharingLevel": "open"}"#
                )
            }
            let refusedHosts = [
                "http://2852039166/", "http://[fe80::1]/", "http://metadata.google.internal/", "http://127.0.0.1:9", "https://evil.example.com",
                "https://services.hanoi.gov.vn.evil.com", "https://his.syt.hanoi.gov.vn.evil.com",
            ]
            for (index, url) in refusedHosts.enumerated() {
                let refused = try await register("x\(index)", url)
                #expect(refused.status == .unprocessableContent && refused.problemType == "/problems/service-host-refused", "\(url): \(refused.text)")
            }
            #expect(try await register("his", "https://HIS.syt.hanoi.gov.vn/api").status == .created)
            #expect(try await register("tra-cuu", "https://tra-cuu.services.hanoi.gov.vn").status == .created)
            // The demo's service on loopback was registered before the list was set: the gateway does not call it.
            let stc = try await client.signIn("steward.stc")
            let system = try await client.createKey(agency: "stc", name: "ping", token: stc)
            let call = try await client.send(
                .get, "/gateway/v1/services/syt/he-thong-kcb/facilities/1", token: system.key, headers: [Self.purpose: "thanh-tra"])
            #expect(call.status == .forbidden && call.problemType == "/problems/service-host-refused", "\(call.text)")
            let steward = WebBrowserSession(client)
            #expect(try await steward.signIn("steward.syt", password: TestServer.password).status == .seeOther)
            let page = try await steward.post(
                "/services",
                ["code": "web", "nameVi": "Từ trang", "nameEn": "From the page", "baseUrl": "http://169.254.169.254", "endpoints": "GET /a"])
            #expect(page.status == .unprocessableContent && page.text.contains("169.254.169.254") && page.text.contains("LIENTHONG_SERVICE_HOSTS"))
        }
    }

    @Test("a dead service answers 502 within its timeout; a bad registration is named")
    func deadService() async throws {
        try await withServer { client in
            let health = try await client.signIn("steward.syt")
            let closedPort = 9  // discard: nothing listens on loopback
            let registered = try await client.send(
                .post, "/api/v1/services", token: health,
                json:
                    #"{"code": "cu", "nameVi": "Dịch vụ cũ", "nameEn": "Old service", "baseUrl": "http://127.0.0.1:\#(closedPort)", "endpoints": ["GET /ping"], "sharingLevel": "open", "timeoutMs": 1000}"#
            )
            #expect(registered.status == .created, "\(registered.text)")
            let stc = try await client.signIn("steward.stc")
            let system = try await client.createKey(agency: "stc", name: "ping", token: stc)
            let start = ContinuousClock.now
            let dead = try await client.send(.get, "/gateway/v1/services/syt/cu/ping", token: system.key)
            #expect(dead.status == .badGateway && dead.problemType == "/problems/upstream-unavailable", "\(dead.text)")
            // The HTTP client tries to connect again until the service's timeout (1 s), then the gateway answers; a
            // loaded CI machine adds a second or two to the whole request.
            #expect(ContinuousClock.now - start < .seconds(5))
            let finance = WebBrowserSession(client)
            #expect(try await finance.signIn("steward.stc", password: TestServer.password).status == .seeOther)
            let form = try await finance.get("/sharing")
            #expect(form.text.contains(#"value="service:syt/he-thong-kcb""#), "a service can be asked for on the page")
            let until = CivilDate(vietnam: Date()).adding(days: 30).description
            let sent = try await finance.post(
                "/sharing/requests",
                [
                    "dataset": "service:syt/he-thong-kcb", "fields": "GET /facilities/{id}", "purpose": "thanh-tra", "legalBasis": "Luật Thanh tra",
                    "until": until,
                ])
            #expect(sent.status == .seeOther, "\(sent.text)")
            let mine = try await client.send(.get, "/api/v1/access-requests?box=outbox", token: stc)
            #expect(mine.items.contains { $0["dataset"] as? String == "syt/he-thong-kcb" && $0["fields"] as? [String] == ["GET /facilities/{id}"] })
            let steward = WebBrowserSession(client)
            #expect(try await steward.signIn("steward.syt", password: TestServer.password).status == .seeOther)
            #expect(try await steward.get("/services").text.contains(#"data-testid="service-form""#))
            let refused = try await steward.post("/services", ["code": "web", "nameVi": "Từ trang", "nameEn": "From the page", "baseUrl": "ftp://x"])
            #expect(refused.status == .unprocessableContent && refused.text.contains("địa chỉ gốc") && refused.text.contains("danh sách chức năng"))
            let saved = try await steward.post(
                "/services",
                [
                    "code": "web", "nameVi": "Từ trang", "nameEn": "From the page", "baseUrl": "https://his.example.vn",
                    "endpoints": "GET /a\nPOST /b/{id}",
                ])
            #expect(saved.status == .seeOther, "\(saved.text)")
            #expect(try await client.send(.get, "/api/v1/services/syt/web").object["endpoints"] as? [String] == ["GET /a", "POST /b/{id}"])
            let page = try await WebBrowserSession(client).get("/services")
            #expect(page.status == .ok && page.text.contains(#"data-service="syt/cu""#) && page.text.contains("/gateway/v1/services/syt/cu"))
            #expect(page.text.contains(#"data-service="syt/he-thong-kcb""#), "the demo's Health system is listed")
            let dcat = try await client.send(.get, "/catalog.ttl")
            #expect(dcat.text.contains("/gateway/v1/services/syt/cu/"), "a service is a dcat:DataService in the catalog")
            #expect(!dcat.text.contains("127.0.0.1:9"), "where a service runs is never published")
            let bad = try await client.send(
                .post, "/api/v1/services", token: health,
                json: #"{"code": "X", "nameVi": "", "nameEn": "x", "baseUrl": "ftp://host/x?q=1", "endpoints": []}"#)
            #expect(bad.status == .unprocessableContent)
            let fields = Set((bad.object["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? [])
            #expect(fields.isSuperset(of: ["code", "nameVi", "baseUrl", "endpoints"]), "\(bad.text)")
            let fromOpenAPI = try await client.send(
                .post, "/api/v1/services", token: health,
                json:
                    #"{"code": "tu-openapi", "nameVi": "Từ OpenAPI", "nameEn": "From OpenAPI", "baseUrl": "https://his.example.vn/api", "openApi": "{\"openapi\": \"3.1.0\", \"paths\": {\"/facilities/{id}\": {\"get\": {}}, \"/facilities\": {\"get\": {}, \"post\": {}}}}"}"#
            )
            #expect(
                fromOpenAPI.object["endpoints"] as? [String] == ["GET /facilities", "GET /facilities/{id}", "POST /facilities"], "\(fromOpenAPI.text)"
            )
            let other = try await client.signIn("steward.stc")
            #expect(
                try await client.send(
                    .post, "/api/v1/services", token: other,
                    json: #"{"agencyCode": "syt", "code": "gia", "nameVi": "x", "nameEn": "x", "baseUrl": "http://a.vn", "endpoints": ["GET /a"]}"#
                ).status == .forbidden, "only the agency's steward or the coordinator registers its services")
        }
    }
}
