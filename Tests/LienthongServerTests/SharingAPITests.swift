import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Lienthong
import LienthongServer
import LienthongStore
import LienthongTestSupport
import Testing

@Suite("Sharing: access requests, grants and the gateway")
struct SharingAPITests {
    static let purpose = HTTPField.Name("Lienthong-Purpose")!
    static let subject = HTTPField.Name("Lienthong-Subject")!

    /// Finance asks the police for two fields of the households dataset for statistics; returns the request's id.
    static func ask(_ client: any TestClientProtocol, token: String, fields: String = #"["ma_ho", "ma_phuong"]"#) async throws -> String {
        let until = CivilDate(vietnam: Date()).adding(days: 200).description
        let response = try await client.send(
            .post, "/api/v1/access-requests", token: token,
            json:
                #"{"dataset": "ho-gia-dinh", "fields": \#(fields), "purpose": "thong-ke", "legalBasis": "Luật Thống kê 2015", "until": "\#(until)"}"#)
        #expect(response.status == .created, "\(response.text)")
        #expect(response.object["status"] as? String == "pending")
        return try #require(response.object["id"] as? String)
    }

    @Test("a consumer system reads exactly its granted fields and rows for its granted purpose, and every read is audited")
    func grantedReads() async throws {
        try await withServer { client in
            let stc = try await client.signIn("steward.stc")
            let id = try await Self.ask(client, token: stc)
            let police = try await client.signIn("steward.catp")
            let inbox = try await client.send(.get, "/api/v1/access-requests?box=inbox", token: police)
            #expect(inbox.items.contains { $0["id"] as? String == id })
            let answered = try await client.send(
                .post, "/api/v1/access-requests/\(id)/answer", token: police,
                json:
                    #"{"decision": "partial", "rowFilter": {"field": "ma_phuong", "values": ["00004", "00070"]}, "reason": "Chỉ hai phường thí điểm"}"#
            )
            #expect(answered.status == .ok, "\(answered.text)")
            #expect(answered.object["status"] as? String == "partly-granted")
            let grantID = try #require(answered.object["grantId"] as? String)

            let system = try await client.createKey(agency: "stc", name: "thong-ke", token: stc)
            let path = "/gateway/v1/datasets/ho-gia-dinh/records?limit=10000"
            #expect(try await client.send(.get, path, token: system.key).problemType == "/problems/purpose-missing")
            let wrongPurpose = try await client.send(.get, path, token: system.key, headers: [Self.purpose: "an-ninh-trat-tu"])
            #expect(wrongPurpose.status == .forbidden && wrongPurpose.problemType == "/problems/grant-missing")
            let tooMuch = try await client.send(.get, path + "&fields=ma_ho,cccd_chu_ho", token: system.key, headers: [Self.purpose: "thong-ke"])
            #expect(tooMuch.status == .forbidden && tooMuch.problemType == "/problems/fields-not-granted")
            #expect((tooMuch.object["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } == ["cccd_chu_ho"])
            let filteredOnHidden = try await client.send(
                .get, path + "&filter%5Bcccd_chu_ho%5D%5Bprefix%5D=001", token: system.key, headers: [Self.purpose: "thong-ke"])
            #expect(filteredOnHidden.status == .forbidden, "filtering on a field outside the grant would leak it")

            let read = try await client.send(.get, path, token: system.key, headers: [Self.purpose: "thong-ke"])
            #expect(read.status == .ok, "\(read.text)")
            #expect(read.headers[HTTPField.Name("Lienthong-Grant")!] == grantID)
            #expect(read.headers[HTTPField.Name("Lienthong-Source-Agency")!] == "catp")
            #expect(!read.items.isEmpty)
            #expect(read.items.allSatisfy { Set($0.keys) == ["ma_ho", "ma_phuong"] }, "only the granted fields")
            #expect(read.items.allSatisfy { ["00004", "00070"].contains($0["ma_phuong"] as? String ?? "") }, "only the granted rows")
            let owner = try await client.send(
                .get, "/api/v1/datasets/ho-gia-dinh/records?limit=10000&filter%5Bma_phuong%5D%5Bin%5D=00004,00070", token: police)
            #expect(owner.items.count == read.items.count, "every granted row, no other")

            let outside = try await client.send(
                .get, "/api/v1/datasets/ho-gia-dinh/records?limit=1&filter%5Bma_phuong%5D%5Bne%5D=00004&filter%5Bma_phuong%5D%5Bne%5D=00070",
                token: police)
            let insideKey = try #require(read.items.first?["ma_ho"] as? String)
            let one = try await client.send(
                .get, "/gateway/v1/datasets/ho-gia-dinh/records/\(insideKey)", token: system.key, headers: [Self.purpose: "thong-ke"])
            #expect(one.status == .ok && Set(one.object.keys) == ["ma_ho", "ma_phuong"])
            if let outsideRow = outside.items.first, let code = outsideRow["ma_phuong"] as? String, !["00004", "00070"].contains(code) {
                let outsideKey = try #require(outsideRow["ma_ho"] as? String)
                let hidden = try await client.send(
                    .get, "/gateway/v1/datasets/ho-gia-dinh/records/\(outsideKey)", token: system.key, headers: [Self.purpose: "thong-ke"])
                #expect(hidden.status == .notFound, "a row outside the grant is as absent as a missing one")
            }
            let staffAtGateway = try await client.send(.get, path, token: stc, headers: [Self.purpose: "thong-ke"])
            #expect(staffAtGateway.status == .forbidden && staffAtGateway.problemType == "/problems/gateway-needs-key")

            let security = try await client.signIn("security")
            let log = try await client.send(.get, "/api/v1/audit/entries?action=gateway.read&dataset=ho-gia-dinh&limit=100", token: security)
            let entries = log.items.filter { $0["agencyCode"] as? String == "stc" }
            #expect(entries.contains { $0["outcome"] as? String == "success" && $0["purpose"] as? String == "thong-ke" })
            #expect(entries.contains { $0["outcome"] as? String == "denied" }, "denials are audited too")
            let withSubjects = try #require(
                entries.first { $0["outcome"] as? String == "success" && ($0["resource"] as? String) == "dataset:ho-gia-dinh#fields=ma_ho,ma_phuong" }
            )
            #expect((withSubjects["subjects"] as? [String])?.isEmpty == false, "the heads of household read are recorded as keyed hashes")
        }
    }

    @Test("the person read is in the audit log, findable by citizen ID; Lienthong-Subject narrows a read to one person")
    func subjects() async throws {
        try await withServer { client in
            let police = try await client.signIn("steward.catp")
            let people = try await client.send(.get, "/api/v1/datasets/dan-cu-trich-xuat/records?limit=2", token: police)
            let cccd = try #require(people.items.last?["cccd"] as? String)
            let stc = try await client.signIn("steward.stc")
            let system = try await client.createKey(agency: "stc", name: "ho-kinh-doanh", token: stc)
            let narrowed = try await client.send(
                .get, "/gateway/v1/datasets/dan-cu-trich-xuat/records", token: system.key,
                headers: [Self.purpose: "dich-vu-cong", Self.subject: cccd])
            #expect(narrowed.items.map { $0["cccd"] as? String } == [cccd], "\(narrowed.text)")
            #expect(!narrowed.items.contains { $0["ngay_sinh"] != nil }, "the demo grant has no birth date")
            let security = try await client.signIn("security")
            let log = try await client.send(.get, "/api/v1/audit/entries?subject=\(cccd)&action=gateway.read", token: security)
            #expect(log.items.contains { $0["agencyCode"] as? String == "stc" && $0["purpose"] as? String == "dich-vu-cong" })
            #expect(!log.text.contains(cccd), "the log holds keyed hashes, never the ID")
        }
    }

    @Test("a refusal without a written reason and a legal basis cannot be saved; with both it is, and notified")
    func refusals() async throws {
        try await withServer { client in
            let stc = try await client.signIn("steward.stc")
            let id = try await Self.ask(client, token: stc)
            let police = try await client.signIn("steward.catp")
            let bare = try await client.send(
                .post, "/api/v1/access-requests/\(id)/answer", token: police, json: #"{"decision": "refuse", "reason": "Không"}"#)
            #expect(bare.status == .unprocessableContent && bare.problemType == "/problems/refusal-needs-reason")
            #expect((bare.object["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } == ["legalBasis"])
            let blank = try await client.send(
                .post, "/api/v1/access-requests/\(id)/answer", token: police, json: #"{"decision": "refuse", "reason": "  ", "legalBasis": " "}"#)
            #expect(blank.problemType == "/problems/refusal-needs-reason")
            #expect(
                try await client.send(.get, "/api/v1/access-requests/\(id)", token: stc).object["status"] as? String == "pending", "nothing was saved"
            )
            let other = try await client.signIn("steward.syt")
            #expect(try await client.send(.get, "/api/v1/access-requests/\(id)", token: other).status == .notFound, "not its request")
            let refused = try await client.send(
                .post, "/api/v1/access-requests/\(id)/answer", token: police,
                json: #"{"decision": "refuse", "reason": "Dữ liệu đang được chuẩn hóa", "legalBasis": "Nghị định 13/2023/NĐ-CP"}"#)
            #expect(refused.object["status"] as? String == "refused")
            #expect((refused.object["events"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["submitted", "refused"])
            let again = try await client.send(.post, "/api/v1/access-requests/\(id)/answer", token: police, json: #"{"decision": "grant"}"#)
            #expect(again.status == .conflict, "answered once")
            let notices = try await client.send(.get, "/api/v1/notifications", token: stc)
            #expect(notices.items.contains { ($0["link"] as? String) == "/sharing/requests/\(id)" })

            let admin = try await client.signIn("admin")
            let weak = try await client.send(.post, "/api/v1/access-requests/\(id)/decision", token: admin, json: #"{"decision": "uphold"}"#)
            #expect(weak.problemType == "/problems/refusal-needs-reason")
            let ordered = try await client.send(
                .post, "/api/v1/access-requests/\(id)/decision", token: admin,
                json: #"{"decision": "order", "note": "Dữ liệu thống kê không chứa thông tin cá nhân"}"#)
            #expect(ordered.object["status"] as? String == "ordered" && ordered.object["grantId"] is String)
        }
    }

    @Test("a revoked grant stops at once; the same Idempotency-Key gives the same request")
    func revocation() async throws {
        try await withServer { client in
            let stc = try await client.signIn("steward.stc")
            let system = try await client.createKey(agency: "stc", name: "ho-kinh-doanh", token: stc)
            let path = "/gateway/v1/datasets/dan-cu-trich-xuat/records?limit=1"
            #expect(try await client.send(.get, path, token: system.key, headers: [Self.purpose: "dich-vu-cong"]).status == .ok)
            let police = try await client.signIn("steward.catp")
            let grants = try await client.send(.get, "/api/v1/grants?active=true", token: police)
            let grant = try #require(grants.items.first { $0["consumerAgencyCode"] as? String == "stc" })
            let grantID = try #require(grant["id"] as? String)
            #expect(try await client.send(.post, "/api/v1/grants/\(grantID)/revoke", token: stc, json: #"{"reason": "x"}"#).status == .forbidden)
            let revoked = try await client.send(
                .post, "/api/v1/grants/\(grantID)/revoke", token: police, json: #"{"reason": "Hệ thống bị nghi lộ khóa"}"#)
            #expect(revoked.object["state"] as? String == "revoked", "\(revoked.text)")
            let after = try await client.send(.get, path, token: system.key, headers: [Self.purpose: "dich-vu-cong"])
            #expect(after.status == .forbidden && after.problemType == "/problems/grant-missing")

            let until = CivilDate(vietnam: Date()).adding(days: 30).description
            let body = #"{"dataset": "co-so-y-te", "purpose": "thong-ke", "legalBasis": "Luật Thống kê 2015", "until": "\#(until)"}"#
            let first = try await client.send(
                .post, "/api/v1/access-requests", token: stc, json: body, headers: [HTTPField.Name("Idempotency-Key")!: "k-1"])
            let second = try await client.send(
                .post, "/api/v1/access-requests", token: stc, json: body, headers: [HTTPField.Name("Idempotency-Key")!: "k-1"])
            #expect(first.status == .created && second.status == .ok && first.object["id"] as? String == second.object["id"] as? String)
            let own = try await client.send(
                .post, "/api/v1/access-requests", token: police,
                json: #"{"dataset": "ho-gia-dinh", "purpose": "thong-ke", "legalBasis": "x", "until": "\#(until)"}"#)
            #expect(own.problemType == "/problems/own-dataset")
            let open = try await client.send(
                .post, "/api/v1/access-requests", token: police,
                json: #"{"dataset": "dang-ky-ho-kinh-doanh", "purpose": "thong-ke", "legalBasis": "x", "until": "\#(until)"}"#)
            #expect(open.problemType == "/problems/open-dataset")
            let unknownField = try await client.send(
                .post, "/api/v1/access-requests", token: stc,
                json: #"{"dataset": "co-so-y-te", "fields": ["khong_co"], "purpose": "thong-ke", "legalBasis": "x", "until": "\#(until)"}"#)
            #expect(unknownField.problemType == "/problems/unknown-fields")
        }
    }

    @Test("a grant revoked on one node stops reads on another within a second", arguments: TestDatabase.shareable)
    func twoNodes(kind: TestDatabase) async throws {
        let place = try await kind.makeLocation()
        defer { Task { await place.cleanup() } }
        let configuration = TestServer.configuration(place.location)
        let nodeA = try await buildApplication(configuration: configuration)
        let nodeB = try await buildApplication(configuration: configuration)
        try await nodeA.test(.router) { a in
            try await nodeB.test(.router) { b in
                let stc = try await a.signIn("steward.stc")
                let system = try await a.createKey(agency: "stc", name: "hai-nut", token: stc)
                let path = "/gateway/v1/datasets/dan-cu-trich-xuat/records?limit=1"
                #expect(
                    try await b.send(.get, path, token: system.key, headers: [Self.purpose: "dich-vu-cong"]).status == .ok, "node B trusts the grant")
                let police = try await a.signIn("steward.catp")
                let grants = try await a.send(.get, "/api/v1/grants?active=true", token: police)
                let grantID = try #require(grants.items.first { $0["consumerAgencyCode"] as? String == "stc" }?["id"] as? String)
                #expect(try await a.send(.post, "/api/v1/grants/\(grantID)/revoke", token: police, json: #"{"reason": "Thử hai nút"}"#).status == .ok)
                let refused = try await becomesTrue(within: .seconds(1)) {
                    try await b.send(.get, path, token: system.key, headers: [Self.purpose: "dich-vu-cong"]).status == .forbidden
                }
                #expect(refused, "node B still served the revoked grant after one second")
            }
        }
    }

    @Test("a client over its rate gets 429 with Retry-After")
    func rateLimit() async throws {
        let place = try await TestDatabase.sqliteMemory.makeLocation()
        var configuration = TestServer.configuration(place.location)
        // One call a second, bursts of two. The twelve calls go at once, so their turns at the limiter (the first
        // thing the gateway does with a key) fall within far less than the ten seconds that would refill it, however
        // slow each whole call is under load. `RateLimiterTests` checks the bucket's arithmetic with a clock it moves.
        configuration.gatewayRate = 1
        let app = try await buildApplication(configuration: configuration)
        try await app.test(.router) { client in
            let stc = try await client.signIn("steward.stc")
            let system = try await client.createKey(agency: "stc", name: "ho-kinh-doanh", token: stc)
            let responses = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String?).self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        let response = try await client.send(
                            .get, "/gateway/v1/datasets/dang-ky-ho-kinh-doanh/records?limit=1", token: system.key)
                        return (response.status, response.headers[.retryAfter])
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let passed = responses.filter { $0.0 == .ok }.count
            let refused = responses.filter { $0.0 == .tooManyRequests }
            #expect(passed >= 2 && passed + refused.count == 12, "a burst of twice the rate passes; the rest are refused")
            #expect(!refused.isEmpty && refused.allSatisfy { $0.1.flatMap(Int.init).map { $0 >= 1 } == true }, "with Retry-After")
        }
        await place.cleanup()
    }

    @Test("the scoreboard tells the demo's story: Health, Industry and Trade and Justice hold back; reasons are for staff")
    func scoreboard() async throws {
        try await withServer { client in
            let board = try await client.send(.get, "/api/v1/sharing/scoreboard")
            let lines = try #require(board.object["lines"] as? [[String: Any]])
            let byAgency = Dictionary(uniqueKeysWithValues: lines.map { ($0["agencyCode"] as? String ?? "", $0) })
            for agency in ["syt", "sct", "stp"] {
                #expect((byAgency[agency]?["overdue"] as? Int ?? 0) > 0, "\(agency) leaves requests overdue")
                #expect(byAgency[agency]?["datasetsOpen"] as? Int == 0 && byAgency[agency]?["datasetsShared"] as? Int == 0)
            }
            #expect(
                Array(lines.prefix(3)).compactMap { $0["agencyCode"] as? String }.sorted() == ["sct", "stp", "syt"], "those who hold back come first")
            #expect(byAgency["stp"]?["refused"] as? Int == 1)
            #expect(
                (byAgency["catp"]?["readsServed"] as? Int ?? 0) > 0 && byAgency["catp"]?["consumers"] as? Int == 5,
                "Finance and a ward under the sharing story, Justice, Health and Industry and Trade for their procedures' prefill")
            #expect((byAgency["stp"]?["refusalReasons"] as? [String])?.isEmpty == true, "the public sees counts, not reasons")
            let inspector = try await client.signIn("inspector")
            let staffBoard = try await client.send(.get, "/api/v1/sharing/scoreboard", token: inspector)
            let stp = (staffBoard.object["lines"] as? [[String: Any]])?.first { $0["agencyCode"] as? String == "stp" }
            #expect((stp?["refusalReasons"] as? [String])?.count == 1)
            let page = try await WebBrowserSession(client).get("/scoreboard")
            #expect(page.status == .ok && page.text.contains(#"data-agency="syt""#) && page.text.contains("Sở Y tế"))
        }
    }

    @Test("a steward answers on the web page; a refusal without a legal basis is refused there too")
    func webAnswer() async throws {
        try await withServer { client in
            let stc = try await client.signIn("steward.stc")
            let id = try await Self.ask(client, token: stc)
            let browser = WebBrowserSession(client)
            #expect(try await browser.signIn("steward.catp", password: TestServer.password).status == .seeOther)
            let list = try await browser.get("/sharing")
            #expect(list.status == .ok && list.text.contains("/sharing/requests/\(id)"))
            let page = try await browser.get("/sharing/requests/\(id)")
            #expect(page.text.contains(#"data-testid="answer-form""#))
            let refused = try await browser.post(
                "/sharing/requests/\(id)/answer", ["decision": "refuse", "reason": "Chưa sẵn sàng", "legalBasis": ""])
            #expect(refused.status == .unprocessableContent && refused.text.contains("căn cứ pháp lý"))
            let granted = try await browser.post(
                "/sharing/requests/\(id)/answer", ["decision": "partial", "field.ma_ho": "1", "rowFilter": "ma_phuong=00004"])
            #expect(granted.status == .seeOther, "\(granted.text)")
            let done = try await browser.get("/sharing/requests/\(id)")
            #expect(done.text.contains(#"data-testid="request-status">Đồng ý một phần"#))
            let grants = try await browser.get("/sharing/grants")
            #expect(grants.text.contains("ma_phuong=00004"))

            let finance = WebBrowserSession(client)
            #expect(try await finance.signIn("steward.stc", password: TestServer.password).status == .seeOther)
            let system = try await client.createKey(agency: "stc", name: "chỉ-hệ-thống-này", token: stc)
            let form = try await finance.get("/sharing")
            #expect(form.text.contains("client.\(system.id)"), "the agency's systems can be named as the readers")
            let until = CivilDate(vietnam: Date()).adding(days: 90).description
            let sent = try await finance.post(
                "/sharing/requests",
                ["dataset": "co-so-y-te", "purpose": "thong-ke", "legalBasis": "Luật Thống kê 2015", "until": until, "client.\(system.id)": "1"])
            #expect(sent.status == .seeOther, "\(sent.text)")
            let location = try #require(sent.headers[.location])
            let requestID = try #require(location.split(separator: "/").last?.split(separator: "?").first.map(String.init))
            let made = try await client.send(.get, "/api/v1/access-requests/\(requestID)", token: stc)
            #expect(made.object["clientIds"] as? [String] == [system.id])
            let health = try await client.signIn("steward.syt")
            let answered = try await client.send(.post, "/api/v1/access-requests/\(requestID)/answer", token: health, json: #"{"decision": "grant"}"#)
            #expect(answered.status == .ok, "\(answered.text)")
            let other = try await client.createKey(agency: "stc", name: "hệ-thống-khác", token: stc)
            let statistics: HTTPFields = [Self.purpose: "thong-ke"]
            let named = try await client.send(.get, "/gateway/v1/datasets/co-so-y-te/records?limit=1", token: system.key, headers: statistics)
            #expect(named.status == .ok, "\(named.text)")
            let unnamed = try await client.send(.get, "/gateway/v1/datasets/co-so-y-te/records?limit=1", token: other.key, headers: statistics)
            #expect(
                unnamed.status == .forbidden && unnamed.problemType == "/problems/grant-missing", "a system the grant does not name reads nothing")

            let coordinator = WebBrowserSession(client)
            #expect(try await coordinator.signIn("admin", password: TestServer.password).status == .seeOther)
            let waiting = try await coordinator.get("/sharing")
            #expect(waiting.text.contains(#"data-testid="escalated""#), "the coordinator sees what escalated")
            let admin = try await client.signIn("admin")
            let escalated = try await client.send(.get, "/api/v1/access-requests?status=escalated", token: admin)
            let overdue = try #require(escalated.items.first?["id"] as? String)
            let upheld = try await coordinator.post("/sharing/requests/\(overdue)/decision", ["decision": "uphold", "note": "Chưa đủ căn cứ"])
            #expect(upheld.status == .unprocessableContent, "upholding needs a legal basis")
            let ordered = try await coordinator.post("/sharing/requests/\(overdue)/decision", ["decision": "order", "note": "Phải chia sẻ"])
            #expect(ordered.status == .seeOther)
            #expect(try await client.send(.get, "/api/v1/access-requests/\(overdue)", token: admin).object["status"] as? String == "ordered")
        }
    }
}
