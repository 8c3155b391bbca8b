import Foundation
import HTTPTypes
import HummingbirdTesting
import LienthongTestSupport
import Testing

@Suite("Catalog publications over HTTP and in the browser")
struct PublicationTests {
    @Test("the coordinator publishes; anyone reads a publication as JSON or CSV and what changed since the last")
    func api() async throws {
        try await withServer { client in
            let list = try await client.send(.get, "/api/v1/catalog/publications")
            #expect(list.items.map { $0["number"] as? Int } == [1], "the demo's first publication")
            let steward = try await client.signIn("steward.syt")
            #expect(try await client.send(.post, "/api/v1/catalog/publications", token: steward).status == .forbidden)
            // The health department opens its facilities: the next publication lists them.
            #expect(try await client.send(.patch, "/api/v1/datasets/co-so-y-te", token: steward, json: #"{"sharingLevel": "open"}"#).status == .ok)
            let admin = try await client.signIn("admin")
            let created = try await client.send(.post, "/api/v1/catalog/publications", token: admin, json: #"{"note": "Sở Y tế mở dữ liệu"}"#)
            #expect(created.status == .created, "\(created.text)")
            #expect(created.object["number"] as? Int == 2 && created.headers[.location] == "/api/v1/catalog/publications/2")
            let changes = try await client.send(.get, "/api/v1/catalog/publications/2/changes")
            #expect((changes.object["added"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["co-so-y-te"])
            #expect((changes.object["removed"] as? [Any])?.isEmpty == true)
            let csv = try await client.send(.get, "/api/v1/catalog/publications/2?format=csv")
            #expect(csv.text.hasPrefix("\u{FEFF}STT,Mã,Tên dữ liệu,"), "with a byte-order mark for spreadsheets")
            #expect(csv.text.contains("co-so-y-te,Cơ sở khám bệnh, chữa bệnh") == false && csv.text.contains("\"Cơ sở khám bệnh, chữa bệnh\""))
            let english = try await client.send(.get, "/api/v1/catalog/publications/2", headers: [.accept: "text/csv", .acceptLanguage: "en"])
            #expect(english.text.hasPrefix("\u{FEFF}No.,Code,Title,"))
            #expect(try await client.send(.get, "/api/v1/catalog/publications/9").status == .notFound)
            #expect(try await client.send(.get, "/api/v1/catalog/publications/1/changes").status == .notFound, "nothing before the first")
            #expect(try await client.send(.get, "/api/v1/catalog/publications/2/changes?since=2").status == .unprocessableContent)
            let inspector = try await client.signIn("inspector")
            let log = try await client.send(.get, "/api/v1/audit/entries?action=catalog.publish", token: inspector)
            let resources = log.items.compactMap { $0["resource"] as? String }
            #expect(resources.contains { $0.hasPrefix("catalog-publication:2#sha256=\(created.object["sha256"] as? String ?? "?")") })
        }
    }

    @Test("publications have pages: a list with the publish form for the coordinator, a table, a printable view, a comparison")
    func pages() async throws {
        try await withServer { client in
            let visitor = WebBrowserSession(client)
            let list = try await visitor.get("/publications")
            #expect(list.status == .ok && list.text.contains(#"data-testid="publications""#) && !list.text.contains("publish-form"))
            let first = try await visitor.get("/publications/1")
            #expect(first.text.contains("Danh mục dữ liệu dùng chung — lần công bố số 1"))
            #expect(first.text.contains("dang-ky-ho-kinh-doanh") && !first.text.contains("co-so-y-te"), "private datasets are not listed")
            #expect(first.text.contains(#"href="/api/v1/catalog/publications/1?format=csv""#))
            let print = try await visitor.get("/publications/1/print")
            #expect(print.text.contains(#"class="print-doc""#) && print.text.contains("dang-ky-ho-kinh-doanh"))

            let admin = WebBrowserSession(client)
            try await admin.signIn("admin", password: TestServer.password)
            #expect(try await admin.get("/publications").text.contains("publish-form"))
            #expect(try await admin.post("/publications", ["note": "x"], csrf: "forged").status == .forbidden)
            let published = try await admin.post("/publications", ["note": "Lần hai"])
            #expect(published.status == .seeOther && published.headers[.location] == "/publications/2")
            let second = try await admin.get("/publications/2")
            #expect(second.text.contains("Lần hai") && second.text.contains(#"data-testid="compare-form""#))
            let same = try await admin.get("/publications/2/changes?since=1")
            #expect(same.text.contains(#"data-testid="no-changes""#))
            let steward = WebBrowserSession(client)
            try await steward.signIn("steward.stc", password: TestServer.password)
            #expect(try await steward.post("/publications", ["note": ""]).status == .forbidden)
        }
    }
}
