import Foundation
import HTTPTypes
import HummingbirdTesting
import LienthongServer
import LienthongTestSupport
import NIOCore
import Testing

@Suite("The citizen's view: who read my data")
struct CitizenTests {
    @Test("a demo citizen signs in with a one-time code and sees each read of their data with its agency and purpose")
    func whoReadMyData() async throws {
        try await withServer { client in
            let police = try await client.signIn("steward.catp")
            let people = try await client.send(.get, "/api/v1/datasets/dan-cu-trich-xuat/records?limit=1", token: police)
            let cccd = try #require(people.items.first?["cccd"] as? String)
            let finance = try await client.signIn("steward.stc")
            let system = try await client.createKey(agency: "stc", name: "kiem-tra", token: finance)
            let read = try await client.send(
                .get, "/gateway/v1/datasets/dan-cu-trich-xuat/records/\(cccd)", token: system.key,
                headers: [HTTPField.Name("Lienthong-Purpose")!: "dich-vu-cong"])
            #expect(read.status == .ok)

            let citizen = WebBrowserSession(client)
            #expect(try await citizen.get("/citizen/reads").status == .seeOther, "signed out: to the sign-in page")
            let signInPage = try await citizen.get("/citizen")
            #expect(signInPage.text.contains(#"data-testid="citizen-signin""#) && signInPage.text.contains(#"data-testid="demo-citizens""#))
            let badID = try await citizen.post("/citizen/signin", ["citizenId": "12345"])
            #expect(badID.status == .unprocessableContent)
            let challenge = try await citizen.post("/citizen/signin", ["citizenId": cccd])
            #expect(challenge.status == .ok && !challenge.text.contains(cccd), "the page shows the ID masked")
            let code = try #require(challenge.text.firstMatch(of: /data-testid="demo-code">[^<]*<strong>(\d{6})<\/strong>/)?.1).description
            let challengeID = try #require(challenge.text.firstMatch(of: /name="challenge" value="([0-9a-f-]{36})"/)?.1).description
            let wrong = try await citizen.post("/citizen/verify", ["challenge": challengeID, "code": code == "000000" ? "111111" : "000000"])
            #expect(wrong.status == .unauthorized)
            let signedIn = try await citizen.post("/citizen/verify", ["challenge": challengeID, "code": code])
            #expect(signedIn.status == .seeOther, "\(signedIn.text)")
            #expect(
                try await citizen.post("/citizen/verify", ["challenge": challengeID, "code": code]).status == .unauthorized, "a code is used once")

            let page = try await citizen.get("/citizen/reads")
            #expect(page.status == .ok && page.text.contains(#"data-testid="citizen-reads""#))
            #expect(page.text.contains("Sở Tài chính") && page.text.contains("Giải quyết thủ tục hành chính"), "the agency and the purpose, named")
            #expect(page.text.contains("kiem-tra"), "the system that read")
            #expect(page.text.contains("cccd, ho_ten, ma_phuong"), "which of their data was read")
            let api = try await citizen.get("/api/v1/citizen/reads")
            #expect(api.status == .ok)
            let items =
                (try? JSONSerialization.jsonObject(with: Data(api.body.readableBytesView)) as? [String: Any])?["items"] as? [[String: Any]] ?? []
            #expect(
                items.contains {
                    $0["action"] as? String == "gateway.read" && $0["purpose"] as? String == "dich-vu-cong" && $0["agencyCode"] as? String == "stc"
                })
            #expect(
                items.contains { $0["action"] as? String == "records.read" && $0["agencyCode"] as? String == "catp" },
                "the owner's own read of a page of records that held them")
            #expect(try await client.send(.get, "/api/v1/citizen/reads").status == .unauthorized)

            let contested = try #require(items.first { $0["action"] as? String == "gateway.read" && $0["agencyCode"] as? String == "stc" })
            let sequence = try #require(contested["sequence"] as? Int)
            #expect(page.text.contains("/citizen/reads/\(sequence)/contest"))
            #expect(try await citizen.get("/citizen/reads/\(sequence)/contest").text.contains(#"data-testid="contest-form""#))
            #expect(
                try await citizen.post("/citizen/reads/\(sequence)/contest", ["reason": "Tôi không làm thủ tục nào ở Sở Tài chính."]).status
                    == .seeOther)
            #expect(try await citizen.get("/citizen/tickets").text.contains(#"data-testid="ticket-status">Đang chờ trả lời"#))
            #expect(try await citizen.post("/citizen/reads/1/contest", ["reason": "x"]).status == .notFound, "only entries about them")

            let tickets = try await client.send(.get, "/api/v1/tickets", token: police).items.filter { $0["kind"] as? String == "contested-read" }
            #expect(tickets.count == 2, "the demo's contested read and this one")
            let ticketID = try #require(tickets.first?["id"] as? String)
            #expect(tickets.first?["ownerAgencyCode"] as? String == "catp" && tickets.first?["readerAgencyCode"] as? String == "stc")
            let outsider = try await client.signIn("steward.syt")
            #expect(try await client.send(.post, "/api/v1/tickets/\(ticketID)/answer", token: outsider, json: #"{"note": "x"}"#).status == .forbidden)
            let answered = try await client.send(
                .post, "/api/v1/tickets/\(ticketID)/answer", token: police,
                json: #"{"note": "Sở Tài chính đối chiếu chủ hộ kinh doanh khi đăng ký; chúng tôi đã yêu cầu giải trình."}"#)
            #expect(answered.object["status"] as? String == "answered" && answered.object["turnaroundHours"] is Double, "\(answered.text)")
            let followed = try await citizen.get("/citizen/tickets")
            #expect(followed.text.contains("Đã trả lời") && followed.text.contains("yêu cầu giải trình"), "the citizen follows the ticket")

            let security = try await client.signIn("security")
            let log = try await client.send(.get, "/api/v1/audit/entries?action=citizen&limit=10", token: security)
            #expect(log.items.contains { $0["action"] as? String == "citizen.signIn" && $0["outcome"] as? String == "success" })
            #expect(!log.text.contains(cccd), "the log never holds the citizen ID")
            #expect(try await citizen.post("/citizen/signout", [:]).status == .seeOther)
            #expect(try await citizen.get("/citizen/reads").status == .seeOther, "signed out")
        }
    }

    @Test("sign-in started too often for one citizen ID is refused with 429 and Retry-After; the refusal is logged without the person")
    func challengeThrottle() async throws {
        try await withServer { client in
            let police = try await client.signIn("steward.catp")
            let people = try await client.send(.get, "/api/v1/datasets/dan-cu-trich-xuat/records?limit=2", token: police)
            let ids = people.items.compactMap { $0["cccd"] as? String }
            #expect(ids.count == 2)
            let guesser = WebBrowserSession(client)
            #expect(try await guesser.get("/citizen").status == .ok)
            for _ in 0..<5 { #expect(try await guesser.post("/citizen/signin", ["citizenId": ids[0]]).status == .ok) }
            let refused = try await guesser.post("/citizen/signin", ["citizenId": ids[0]])
            #expect(refused.status == .tooManyRequests && refused.text.contains("quá nhiều lần"))
            #expect(Int(refused.headers[.retryAfter] ?? "") ?? 0 > 3_000, "\(refused.headers)")
            #expect(try await guesser.post("/citizen/signin", ["citizenId": ids[1]]).status == .ok, "another person is not held up")

            let citizen = WebBrowserSession(client)
            #expect(try await citizen.get("/citizen").status == .ok)
            let challenge = try await citizen.post("/citizen/signin", ["citizenId": ids[1]])
            let code = try #require(challenge.text.firstMatch(of: /data-testid="demo-code">[^<]*<strong>(\d{6})<\/strong>/)?.1).description
            let challengeID = try #require(challenge.text.firstMatch(of: /name="challenge" value="([0-9a-f-]{36})"/)?.1).description
            #expect(try await citizen.post("/citizen/verify", ["challenge": challengeID, "code": code]).status == .seeOther)
            let security = try await client.signIn("security")
            let log = try await client.send(.get, "/api/v1/audit/entries?action=citizen.challenge", token: security)
            #expect(log.items.count == 1 && log.items.first?["outcome"] as? String == "denied", "\(log.text)")
            #expect(!log.text.contains(ids[0]), "the log never holds the citizen ID")
            let reads = try await citizen.get("/api/v1/citizen/reads")
            #expect(reads.status == .ok && !reads.text.contains("citizen.challenge"), "refusals do not crowd another person's own view")
        }
    }

    @Test("one address that starts sign-ins for many people is refused after twenty unfinished ones, with its own message")
    func sourceThrottle() async throws {
        let place = try await TestDatabase.sqliteMemory.makeLocation()
        let app = try await buildApplication(configuration: TestServer.configuration(place.location))
        // Over the wire: the limit counts the caller's address, which only a live server has.
        try await app.test(.live) { client in
            let police = try await client.signIn("steward.catp")
            let people = try await client.send(.get, "/api/v1/datasets/dan-cu-trich-xuat/records?limit=21", token: police)
            let ids = people.items.compactMap { $0["cccd"] as? String }
            #expect(ids.count == 21)
            let guesser = WebBrowserSession(client)
            #expect(try await guesser.get("/citizen").status == .ok)
            for id in ids.prefix(20) { #expect(try await guesser.post("/citizen/signin", ["citizenId": id]).status == .ok) }
            let refused = try await guesser.post("/citizen/signin", ["citizenId": ids[20]])
            #expect(refused.status == .tooManyRequests && refused.text.contains("từ mạng này"), "\(refused.status)")
            #expect(Int(refused.headers[.retryAfter] ?? "") ?? 0 > 3_000)
        }
        await place.cleanup()
    }

    @Test("a citizen cookie planted before sign-in is replaced and opens nothing; a server without an identity provider shows no code")
    func plantedCookieAndNoProvider() async throws {
        try await withServer { client in
            let police = try await client.signIn("steward.catp")
            let people = try await client.send(.get, "/api/v1/datasets/dan-cu-trich-xuat/records?limit=1", token: police)
            let cccd = try #require(people.items.first?["cccd"] as? String)
            let citizen = WebBrowserSession(client)
            let planted = "ltc_" + String(repeating: "B", count: 43)
            citizen.plant("lienthong_citizen", planted)
            #expect(try await citizen.get("/citizen/reads").status == .seeOther, "the planted cookie is nobody's session")
            #expect(try await citizen.get("/citizen").status == .ok)
            let challenge = try await citizen.post("/citizen/signin", ["citizenId": cccd])
            let code = try #require(challenge.text.firstMatch(of: /data-testid="demo-code">[^<]*<strong>(\d{6})<\/strong>/)?.1).description
            let challengeID = try #require(challenge.text.firstMatch(of: /name="challenge" value="([0-9a-f-]{36})"/)?.1).description
            #expect(try await citizen.post("/citizen/verify", ["challenge": challengeID, "code": code]).status == .seeOther)
            #expect(citizen.cookies["lienthong_citizen"] != planted && citizen.cookies["lienthong_citizen"]?.hasPrefix("ltc_") == true)
            let attacker = WebBrowserSession(client)
            attacker.plant("lienthong_citizen", planted)
            #expect(try await attacker.get("/citizen/reads").status == .seeOther, "still nobody's after the sign-in")
        }
        let withoutProvider: (inout ServerConfiguration) -> Void = { $0.demo = false }
        try await withServer(configure: withoutProvider) { client in
            let citizen = WebBrowserSession(client)
            let page = try await citizen.get("/citizen")
            #expect(page.status == .ok && !page.text.contains(#"data-testid="demo-code""#) && !page.text.contains(#"data-testid="demo-citizens""#))
            let refused = try await citizen.post("/citizen/signin", ["citizenId": "001204000001"])
            #expect(refused.status == .serviceUnavailable && !refused.text.contains(#"data-testid="demo-code""#))
        }
    }
}
