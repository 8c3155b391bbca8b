import Foundation
import HTTPTypes
import HummingbirdTesting
import LienthongTestSupport
import NIOCore
import Testing

@Suite("Declare-once services: consent, prefill through the gateway, cases, ratings, indicators")
struct ProcedureAPITests {
    static let procedure = "cap-phieu-ly-lich-tu-phap"

    static func json(_ response: TestResponse) -> [String: Any] { response.object }

    static func fields(_ form: TestResponse) -> [String: [String: Any]] {
        Dictionary(
            ((form.object["fields"] as? [[String: Any]]) ?? []).map { ($0["name"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
    }

    static func notices(_ form: TestResponse) -> [String: String] {
        Dictionary(
            ((form.object["notices"] as? [[String: Any]]) ?? []).map { ($0["dataset"] as? String ?? "", $0["reason"] as? String ?? "") },
            uniquingKeysWith: { first, _ in first })
    }

    static func city(_ client: any TestClientProtocol) async throws -> [String: Any] {
        try await client.send(.get, "/api/v1/service-indicators").object["city"] as? [String: Any] ?? [:]
    }

    @Test("a citizen files a case typing only what no agency holds; the officer completes it; the citizen rates it; reads and indicators show it")
    func endToEnd() async throws {
        try await withServer { client in
            let police = try await client.signIn("steward.catp")
            let head = try await client.send(.get, "/api/v1/datasets/ho-gia-dinh/records?limit=1", token: police)
            let cccd = try #require(head.items.first?["cccd_chu_ho"] as? String)
            let household = try #require(head.items.first?["ma_ho"] as? String)
            let before = try await Self.city(client)
            #expect(
                try await client.send(.post, "/api/v1/procedures/\(Self.procedure)/applications", json: #"{"accept": []}"#).status == .unauthorized)

            let citizen = WebBrowserSession(client)
            try await citizen.signInCitizen(cccd)
            let started = try await citizen.api(
                .post, "/api/v1/procedures/\(Self.procedure)/applications", json: #"{"accept": ["dan-cu-trich-xuat", "ho-gia-dinh"]}"#)
            #expect(started.status == .created, "\(started.text)")
            let id = try #require(started.object["id"] as? String)
            let form = try await citizen.api(.get, "/api/v1/applications/\(id)/form")
            let fields = Self.fields(form)
            #expect(fields["cccd"]?["value"] as? String == cccd && fields["cccd"]?["sourceAgency"] as? String == "catp", "\(form.text)")
            #expect(fields["ho_ten"]?["prefilled"] as? Bool == true && fields["ngay_sinh"]?["sourceUpdatedAt"] is String)
            #expect(fields["ma_ho"]?["value"] as? String == household, "looked up in the households by the citizen's ID")
            #expect(fields["muc_dich"]?["prefilled"] as? Bool == false && Self.notices(form).isEmpty)

            let missing = try await citizen.api(.post, "/api/v1/applications/\(id)/case", json: #"{"values": {"muc_dich": "Xin việc"}}"#)
            #expect(missing.status == .unprocessableContent)
            #expect(Set(((missing.object["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String }) == ["so_luong", "dien_thoai"])
            let body = #"{"values": {"muc_dich": "Xin việc", "so_luong": "1", "dien_thoai": "0912345678", "ho_ten": "Kẻ Giả Mạo"}}"#
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "don-1"]
            let filed = try await citizen.api(.post, "/api/v1/applications/\(id)/case", json: body, headers: key)
            #expect(filed.status == .created, "\(filed.text)")
            let number = try #require(filed.object["number"] as? String)
            let values = (filed.object["values"] as? [[String: Any]]) ?? []
            #expect(values.first { $0["name"] as? String == "ho_ten" }?["value"] as? String != "Kẻ Giả Mạo", "a prefilled value is taken as read")
            #expect(filed.object["status"] as? String == "received" && filed.object["dueOn"] is String)
            let replay = try await citizen.api(.post, "/api/v1/applications/\(id)/case", json: body, headers: key)
            #expect(replay.status == .ok && replay.object["number"] as? String == number, "double submission files one case")

            let reads = try await citizen.api(.get, "/api/v1/citizen/reads")
            #expect(
                reads.items.contains {
                    $0["action"] as? String == "gateway.read" && $0["purpose"] as? String == Self.procedure && $0["agencyCode"] as? String == "stp"
                        && $0["dataset"] as? String == "dan-cu-trich-xuat"
                }, "the prefill read is in the citizen's view, by the procedure's system, for the procedure")

            let ward = try await client.signIn("officer.ba-dinh")
            let refused = try await client.send(.post, "/api/v1/cases/\(id)/status", token: ward, json: #"{"status": "processing"}"#)
            #expect(refused.status == .forbidden && refused.object["type"] as? String == "/problems/other-agency-case")
            #expect(try await client.send(.get, "/api/v1/cases/\(id)", token: ward).status == .notFound)
            let officer = try await client.signIn("officer.stp")
            #expect(try await client.send(.get, "/api/v1/cases?status=received", token: officer).items.contains { $0["number"] as? String == number })
            #expect(
                try await citizen.api(.post, "/api/v1/citizen/cases/\(id)/rating", json: #"{"stars": 5}"#).status == .conflict, "not finished yet")
            #expect(try await client.send(.post, "/api/v1/cases/\(id)/status", token: officer, json: #"{"status": "processing"}"#).status == .ok)
            let done = try await client.send(.post, "/api/v1/cases/\(id)/status", token: officer, json: #"{"status": "done", "note": "Đã trả"}"#)
            #expect(done.object["status"] as? String == "done" && done.object["timeliness"] as? String == "on-time")
            let news = try await citizen.api(.get, "/api/v1/citizen/notifications").items
            #expect(news.count == 2 && (news.first?["text"] as? String)?.contains("Đã có kết quả") == true, "the citizen hears of each step")
            #expect(news.allSatisfy { $0["seen"] as? Bool == false })
            #expect(try await citizen.get("/citizen/cases").text.contains(#"data-testid="case-notices""#))
            #expect(try await citizen.api(.get, "/api/v1/citizen/notifications").items.allSatisfy { $0["seen"] as? Bool == true })
            let rated = try await citizen.api(.post, "/api/v1/citizen/cases/\(id)/rating", json: #"{"stars": 5, "comment": "Nhanh"}"#)
            #expect(rated.status == .ok && (rated.object["rating"] as? [String: Any])?["stars"] as? Int == 5)
            #expect(try await citizen.api(.post, "/api/v1/citizen/cases/\(id)/rating", json: #"{"stars": 1}"#).status == .conflict, "once")

            let after = try await Self.city(client)
            #expect(after["cases"] as? Int == (before["cases"] as? Int ?? 0) + 1)
            #expect(after["ratings"] as? Int == (before["ratings"] as? Int ?? 0) + 1)
            #expect(try await citizen.get("/citizen/cases").text.contains(number))
            #expect(try await citizen.get("/citizen/cases/\(id)").text.contains(#"data-testid="rating-given""#))
            let staff = WebBrowserSession(client)
            try await staff.signIn("officer.stp", password: TestServer.password)
            #expect(try await staff.get("/cases").text.contains(#"data-testid="case-\#(number)""#))
            #expect(try await staff.get("/cases/\(id)").text.contains(number))
        }
    }

    @Test("the web flow: consent per source, the prefilled form read-only with its source, a missing field kept, the receipt")
    func webFlow() async throws {
        try await withServer { client in
            let police = try await client.signIn("steward.catp")
            let person = try await client.send(.get, "/api/v1/datasets/dan-cu-trich-xuat/records?limit=1", token: police)
            let cccd = try #require(person.items.first?["cccd"] as? String)
            let name = try #require(person.items.first?["ho_ten"] as? String)
            let citizen = WebBrowserSession(client)
            let away = try await citizen.get("/citizen/apply/\(Self.procedure)")
            #expect(away.status == .seeOther && away.headers[.location] == "/citizen?next=/citizen/apply/\(Self.procedure)")
            try await citizen.signInCitizen(cccd)
            let consent = try await citizen.get("/citizen/apply/\(Self.procedure)")
            #expect(consent.text.contains(#"data-testid="consent-dan-cu-trich-xuat""#) && consent.text.contains("Công an Thành phố"))
            let started = try await citizen.post(
                "/citizen/apply/\(Self.procedure)", ["source_dan-cu-trich-xuat": "accept", "source_ho-gia-dinh": "decline"])
            #expect(started.status == .seeOther)
            let formPath = try #require(started.headers[.location])
            let form = try await citizen.get(formPath)
            #expect(form.text.contains(#"data-testid="prefilled-ho_ten""#) && form.text.contains(name))
            #expect(form.text.contains(#"data-testid="typed-ma_ho""#) && form.text.contains(#"data-testid="prefill-notices""#), "declined: typed")
            let short = try await citizen.post(formPath, ["muc_dich": "Du học"])
            #expect(short.status == .unprocessableContent && short.text.contains("Du học"), "what was typed is kept")
            let flagged = try await citizen.post(formPath + "/flag", ["field": "ho_ten", "reason": "Tên tôi có dấu khác"])
            #expect(flagged.status == .seeOther)
            #expect(try await client.send(.get, "/api/v1/tickets", token: police).items.contains { $0["field"] as? String == "ho_ten" })
            let receipt = try await citizen.post(formPath, ["muc_dich": "Du học", "so_luong": "2", "dien_thoai": "0987654321"])
            #expect(receipt.status == .seeOther)
            let page = try await citizen.get(try #require(receipt.headers[.location]))
            #expect(page.text.contains(#"data-testid="case-number""#) && page.text.contains(#"data-testid="case-due""#))
        }
    }

    @Test("declined, withdrawn, ungranted and absent sources degrade to typing; the service goes on")
    func degrades() async throws {
        try await withServer { client in
            let police = try await client.signIn("steward.catp")
            let person = try await client.send(.get, "/api/v1/datasets/dan-cu-trich-xuat/records?limit=1", token: police)
            let cccd = try #require(person.items.first?["cccd"] as? String)
            let citizen = WebBrowserSession(client)
            try await citizen.signInCitizen(cccd)
            let start = { (accept: String) in
                try #require(
                    try await citizen.api(.post, "/api/v1/procedures/\(Self.procedure)/applications", json: #"{"accept": [\#(accept)]}"#).object["id"]
                        as? String)
            }
            let declined = try await start("")
            let declinedForm = try await citizen.api(.get, "/api/v1/applications/\(declined)/form")
            #expect(Self.notices(declinedForm) == ["dan-cu-trich-xuat": "declined", "ho-gia-dinh": "declined"])
            #expect(Self.fields(declinedForm).values.allSatisfy { $0["prefilled"] as? Bool == false })
            let typed =
                #"{"values": {"cccd": "\#(cccd)", "ho_ten": "Tự khai", "ngay_sinh": "1990-01-02", "gioi_tinh": "Nam", "ma_phuong": "00004", "muc_dich": "x", "so_luong": "1", "dien_thoai": "1"}}"#
            #expect(try await citizen.api(.post, "/api/v1/applications/\(declined)/case", json: typed).status == .created)
            let badDate =
                #"{"values": {"cccd": "1", "ho_ten": "x", "ngay_sinh": "02/01/1990", "gioi_tinh": "Nam", "ma_phuong": "1", "muc_dich": "x", "so_luong": "1", "dien_thoai": "1"}}"#
            let other = try await start("")
            #expect(try await citizen.api(.post, "/api/v1/applications/\(other)/case", json: badDate).status == .unprocessableContent)

            let withdrawn = try await start(#""dan-cu-trich-xuat""#)
            let consents = try await citizen.api(.get, "/api/v1/citizen/consents").items
            let consent = try #require(consents.first { $0["applicationId"] as? String == withdrawn && $0["accepted"] as? Bool == true })
            let consentID = try #require(consent["id"] as? String)
            #expect(try await citizen.api(.post, "/api/v1/citizen/consents/\(consentID)/withdraw", json: "{}").status == .ok)
            #expect(Self.notices(try await citizen.api(.get, "/api/v1/applications/\(withdrawn)/form"))["dan-cu-trich-xuat"] == "declined")

            let grants = try await client.send(.get, "/api/v1/grants", token: police).items
            let grant = try #require(
                grants.first { ($0["purposes"] as? [String])?.contains(Self.procedure) == true && $0["dataset"] as? String == "dan-cu-trich-xuat" })
            let grantID = try #require(grant["id"] as? String)
            #expect(
                try await client.send(.post, "/api/v1/grants/\(grantID)/revoke", token: police, json: #"{"reason": "Kiểm tra lại"}"#).status == .ok)
            let ungranted = try await start(#""dan-cu-trich-xuat""#)
            #expect(Self.notices(try await citizen.api(.get, "/api/v1/applications/\(ungranted)/form"))["dan-cu-trich-xuat"] == "not-granted")

            #expect(try await client.send(.post, "/api/v1/datasets/ho-gia-dinh/retire", token: police).status == .ok)
            try await Task.sleep(for: .milliseconds(600))  // the gateway trusts what it looked up for half a second
            let retired = try await start(#""ho-gia-dinh""#)
            #expect(Self.notices(try await citizen.api(.get, "/api/v1/applications/\(retired)/form"))["ho-gia-dinh"] == "unavailable")

            let stranger = WebBrowserSession(client)
            try await stranger.signInCitizen("001099000001")
            let absent = try #require(
                try await stranger.api(.post, "/api/v1/procedures/dang-ky-ho-kinh-doanh/applications", json: #"{"accept": ["dan-cu-trich-xuat"]}"#)
                    .object["id"] as? String)
            #expect(Self.notices(try await stranger.api(.get, "/api/v1/applications/\(absent)/form"))["dan-cu-trich-xuat"] == "no-record")
            #expect(try await stranger.api(.get, "/api/v1/applications/\(declined)/form").status == .notFound, "another citizen's application")
        }
    }

    @Test("the coordinator edits procedures; others cannot; a bad one is refused with its fields named")
    func editing() async throws {
        try await withServer { client in
            let admin = try await client.signIn("admin")
            let body = #"""
                {"nameVi": "Xác nhận tình trạng hôn nhân", "nameEn": "Marital status certificate", "ownerAgencyCode": "phuong-ba-dinh",
                 "processingDays": 3, "fields": [{"name": "ho_ten", "labelVi": "Họ tên", "labelEn": "Name", "kind": "text", "required": true,
                 "source": {"dataset": "dan-cu-trich-xuat", "field": "ho_ten", "by": "citizen-id"}}]}
                """#
            let created = try await client.send(.put, "/api/v1/procedures/xac-nhan-hon-nhan", token: admin, json: body)
            #expect(created.status == .created && created.object["prefilledFields"] as? Int == 1, "\(created.text)")
            #expect(try await client.send(.put, "/api/v1/procedures/xac-nhan-hon-nhan", token: admin, json: body).status == .ok)
            #expect(try await client.send(.get, "/api/v1/purposes").items.contains { $0["code"] as? String == "xac-nhan-hon-nhan" })
            let steward = try await client.signIn("steward.stp")
            #expect(try await client.send(.put, "/api/v1/procedures/xac-nhan-hon-nhan", token: steward, json: body).status == .forbidden)
            let bad = try await client.send(
                .put, "/api/v1/procedures/xac-nhan-hon-nhan", token: admin,
                json: body.replacingOccurrences(of: #""processingDays": 3"#, with: #""processingDays": 0"#))
            #expect(bad.status == .unprocessableContent)
            #expect(((bad.object["errors"] as? [[String: Any]]) ?? []).contains { $0["field"] as? String == "processingDays" })
            #expect(try await client.send(.get, "/api/v1/procedures/khong-co").status == .notFound)

            let browser = WebBrowserSession(client)
            try await browser.signIn("admin", password: TestServer.password)
            let editor = try await browser.get("/procedures/edit?code=xac-nhan-hon-nhan")
            #expect(editor.status == .ok && editor.text.contains("Xác nhận tình trạng hôn nhân"))
            let refused = try await browser.post(
                "/procedures", ["code": "moi", "nameVi": "x", "nameEn": "x", "owner": "stp", "days": "1", "fee": "0", "fields": "{"])
            #expect(refused.status == .unprocessableContent && refused.text.contains("fields"))
            let list = try await WebBrowserSession(client).get("/procedures")
            #expect(list.text.contains(#"data-testid="apply-xac-nhan-hon-nhan""#) && list.text.contains(#"data-testid="apply-\#(Self.procedure)""#))
            #expect(try await WebBrowserSession(client).get("/service-indicators").text.contains(#"data-testid="indicators-procedures""#))
        }
    }
}
