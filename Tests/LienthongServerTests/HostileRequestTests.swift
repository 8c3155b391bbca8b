import Foundation
import HTTPTypes
import HummingbirdTesting
import LienthongTestSupport
import NIOCore
import Testing

@testable import LienthongServer

/// Requests built to break the server: each gets a clear 4xx, on SQLite and on PostgreSQL, and nothing is stored.
@Suite("Hostile requests")
struct HostileRequestTests {
    @Test("an encoded NUL (%00) is found anywhere in a URI, and nothing else is taken for one")
    func encodedNUL() {
        for uri in ["/a%00", "/%00b", "/x?q=%%00", "/x?q=%0%00", "%00"] { #expect(ProblemMiddleware.hasEncodedNUL(uri), "\(uri)") }
        for uri in ["/a%0", "/a%0A0", "/a%20%30", "/x?q=0%0", "/x?q=%2500", ""] { #expect(!ProblemMiddleware.hasEncodedNUL(uri), "\(uri)") }
    }

    @Test("a NUL character in a query, a JSON body or a form is refused (400), never a 500 from PostgreSQL", arguments: TestDatabase.available)
    func nulCharacters(kind: TestDatabase) async throws {
        try await withServer(kind) { client in
            let search = try await client.send(.get, "/api/v1/datasets?q=a%00b")
            #expect(search.status == .badRequest && search.problemType == "/problems/nul-character", "\(search.text)")
            let steward = try await client.signIn("steward.stc")
            let created = try await client.send(
                .post, "/api/v1/datasets", token: steward,
                json: #"{"code": "nul", "titleVi": "A\u0000B", "titleEn": "x", "sharingLevel": "open"}"#)
            #expect(created.status == .badRequest && created.problemType == "/problems/nul-character", "\(created.text)")
            let escaped = try await client.send(
                .post, "/api/v1/datasets", token: steward,
                json: #"{"code": "khong-nul", "titleVi": "A\\u0000B", "titleEn": "x", "sharingLevel": "open"}"#)
            #expect(escaped.problemType != "/problems/nul-character", "an escaped backslash before u0000 is plain text: \(escaped.text)")
            let patched = try await client.send(
                .patch, "/api/v1/datasets/dang-ky-ho-kinh-doanh/records/HKD-001", token: steward, json: #"{"nganh_nghe": "\u0000"}"#)
            #expect(patched.status == .badRequest, "\(patched.text)")
            let browser = WebBrowserSession(client)
            try await browser.signIn("steward.stc", password: TestServer.password)
            try await browser.get("/sharing")
            let form = try await browser.post("/sharing/requests", ["dataset": "dan-cu-trich-xuat", "justification": "a\u{0}b"])
            #expect(form.status == .badRequest, "\(form.status)")
            let load = try await client.send(
                .put, "/api/v1/datasets/dang-ky-ho-kinh-doanh/data", token: steward,
                json: "so_dang_ky,ten_ho_kinh_doanh,mst,nganh_nghe,ngay_cap,ma_phuong\nHKD-1,A\u{0}B,,x,2025-03-01,00004\n",
                headers: [.contentType: "text/csv"])
            #expect(load.status == .unprocessableContent && load.text.contains("NUL"), "\(load.text)")
        }
    }

    @Test("JSON nested 5,000 deep (under the body limit) is refused as malformed without exhausting the stack")
    func deeplyNestedJSON() async throws {
        try await withServer { client in
            let admin = try await client.signIn("admin")
            let nested = String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)
            let response = try await client.send(.post, "/api/v1/purposes", token: admin, json: "{\"code\": \"x\", \"nameVi\": " + nested + "}")
            #expect(response.status == .badRequest, "\(response.status)")
            #expect(try await client.send(.get, "/readyz").status == .ok, "the server still answers")
        }
    }

    @Test("a value a spreadsheet would run as a formula is served as stored by the API, and as text in the page's download")
    func formulaInjection() async throws {
        try await withServer { client in
            let steward = try await client.signIn("steward.stc")
            let csv =
                "so_dang_ky,ten_ho_kinh_doanh,mst,nganh_nghe,ngay_cap,ma_phuong\nHKD-1,\"=HYPERLINK(\"\"http://x.example\"\",\"\"Bấm\"\")\",,@SUM(A1),2025-03-01,00004\n"
            let loaded = try await client.send(
                .put, "/api/v1/datasets/dang-ky-ho-kinh-doanh/data", token: steward, json: csv, headers: [.contentType: "text/csv"])
            #expect(loaded.status == .ok, "\(loaded.text)")
            let api = try await client.send(.get, "/api/v1/datasets/dang-ky-ho-kinh-doanh/data?format=csv")
            #expect(api.text.contains(#"HKD-1,"=HYPERLINK(""http://x.example"",""Bấm"")",,@SUM(A1),2025-03-01,00004"#), "\(api.text)")
            let download = try await WebBrowserSession(client).get("/catalog/dang-ky-ho-kinh-doanh/download?format=csv")
            #expect(download.text.contains(#"HKD-1,"'=HYPERLINK(""http://x.example"",""Bấm"")",,'@SUM(A1),2025-03-01,00004"#), "\(download.text)")
        }
    }
}
