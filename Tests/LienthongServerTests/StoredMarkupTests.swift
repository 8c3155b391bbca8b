import Foundation
import HTTPTypes
import HummingbirdTesting
import Lienthong
import LienthongTestSupport
import Testing

/// Stored cross-site scripting: markup that users type into the platform comes back on every page as text.
@Suite("Stored markup is shown as text")
struct StoredMarkupTests {
    /// What an attacker types, each a way into a page: an element, an attribute break-out, an event handler.
    static let attacks = [
        #"<script>alert("tieu-de")</script>"#, #""><img src=x onerror=alert(1)>"#, "<svg onload=alert(2)>", "<iframe src=//evil.example>",
        "<b onmouseover=alert(3)>", "{{#x}}{{{y}}}",
    ]

    @Test("markup in a dataset's metadata and rows, a system's name, a request, a refusal and a publication note is escaped on every page")
    func escapedEverywhere() async throws {
        try await withServer { client in
            let attacks = Self.attacks
            let steward = try await client.signIn("steward.stc")
            let dataset = """
                {"code": "ma-doc", "titleVi": \(try Self.json(attacks[0])), "titleEn": \(try Self.json(attacks[1])), "sharingLevel": "open",
                 "descriptionVi": \(try Self.json(attacks[2])), "themes": [\(try Self.json(attacks[3]))], "keywords": [\(try Self.json(attacks[4]))],
                 "updateFrequency": "monthly", "legalBasis": \(try Self.json(attacks[5])),
                 "schema": {"fields": [{"name": "ma", "type": "string"}, {"name": "ghi_chu", "type": "string"}], "primaryKey": "ma"}}
                """
            let created = try await client.send(.post, "/api/v1/datasets", token: steward, json: dataset)
            #expect(created.status == .created, "\(created.text)")
            #expect(try await client.send(.post, "/api/v1/datasets/ma-doc/publish", token: steward).status == .ok)
            let rows = "ma,ghi_chu\n" + attacks.enumerated().map { "m\($0.offset),\(Self.csvCell($0.element))" }.joined(separator: "\n")
            let loaded = try await client.send(.put, "/api/v1/datasets/ma-doc/data", token: steward, json: rows, headers: [.contentType: "text/csv"])
            #expect(loaded.status == .ok, "\(loaded.text)")
            _ = try await client.createKey(agency: "stc", name: attacks[3], token: steward)

            let until = CivilDate(vietnam: Date()).adding(days: 200).description
            let asked = try await client.send(
                .post, "/api/v1/access-requests", token: steward,
                json:
                    #"{"dataset": "ho-gia-dinh", "fields": ["ma_ho"], "purpose": "thong-ke", "legalBasis": \#(try Self.json(attacks[0])), "until": "\#(until)"}"#
            )
            let request = try #require(asked.object["id"] as? String, "\(asked.text)")
            let police = try await client.signIn("steward.catp")
            let refused = try await client.send(
                .post, "/api/v1/access-requests/\(request)/answer", token: police,
                json: #"{"decision": "refuse", "reason": \#(try Self.json(attacks[4])), "legalBasis": \#(try Self.json(attacks[1]))}"#)
            #expect(refused.status == .ok, "\(refused.text)")
            let admin = try await client.signIn("admin")
            let publication = try await client.send(
                .post, "/api/v1/catalog/publications", token: admin, json: #"{"note": \#(try Self.json(attacks[2]))}"#)
            let number = try #require(publication.object["number"] as? Int, "\(publication.text)")

            let pages = [
                "/", "/catalog", "/catalog?q=tieu+de", "/catalog/ma-doc", "/catalog/ma-doc/quality", "/publications", "/publications/\(number)",
                "/publications/\(number)/print", "/publications/\(number)/changes", "/sharing", "/sharing/requests/\(request)", "/sharing/grants",
                "/scoreboard", "/security", "/audit", "/quality", "/quality/agencies/stc", "/results", "/agencies",
            ]
            let staff = WebBrowserSession(client)
            try await staff.signIn("admin", password: TestServer.password)
            let finance = WebBrowserSession(client)
            try await finance.signIn("steward.stc", password: TestServer.password)
            for (browser, uri) in pages.map({ (staff, $0) }) + [
                (finance, "/sharing/requests/\(request)"), (WebBrowserSession(client), "/catalog/ma-doc"),
            ] {
                let page = try await browser.get(uri)
                #expect(page.status == .ok, "\(uri)")
                for attack in attacks.dropLast() {
                    let markup = String(attack.drop { $0 != "<" })
                    #expect(!page.text.contains(markup), "\(uri) shows \(markup) as markup")
                }
            }
            let shown = try await WebBrowserSession(client).get("/catalog/ma-doc").text
            #expect(shown.contains("&lt;script&gt;alert(&quot;tieu-de&quot;)&lt;/script&gt;"), "the title is shown, as text")
            #expect(shown.contains("&lt;svg onload=alert(2)&gt;"), "so is the description")
            #expect(shown.contains("{{#x}}{{{y}}}"), "a template's own syntax in data is not expanded")
        }
    }

    /// `text` as a JSON string.
    static func json(_ text: String) throws -> String {
        String(decoding: try JSONEncoder().encode(text), as: UTF8.self)
    }

    /// `text` as one CSV cell.
    static func csvCell(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
