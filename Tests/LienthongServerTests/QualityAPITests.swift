import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LienthongServer
import LienthongTestSupport
import Testing

@Suite("Quality over the API: runs with loads, scores, rules files, scorecards, flags")
struct QualityAPITests {
    static let businesses = "/api/v1/datasets/dang-ky-ho-kinh-doanh"

    @Test("the demo: every dataset has six explained scores; the league ranks agencies; samples only for the owner")
    func demo() async throws {
        try await withServer { client in
            let admin = try await client.signIn("admin")
            for code in [
                "dan-cu-trich-xuat", "ho-gia-dinh", "dang-ky-ho-kinh-doanh", "co-so-y-te", "chung-nhan-an-toan-thuc-pham", "gia-thi-truong",
                "yeu-cau-ly-lich-tu-phap",
            ] {
                let quality = try await client.send(.get, "/api/v1/datasets/\(code)/quality", token: admin)
                #expect(quality.status == .ok)
                let scores = try #require(quality.object["scores"] as? [String: Double])
                #expect(Set(scores.keys) == ["correct", "complete", "clean", "live", "consistent", "shared"], "\(code): \(scores.keys.sorted())")
            }
            let prices = try await client.send(.get, "/api/v1/datasets/gia-thi-truong/quality", token: admin).object
            #expect(((prices["scores"] as? [String: Double])?["live"] ?? 100) < 50, "a stale load and old prices")
            let spelling = (prices["rules"] as? [[String: Any]] ?? []).first {
                $0["rule"] as? String == "one-spelling" && $0["field"] as? String == "cho"
            }
            #expect(spelling?["failed"] as? Int == 8)
            #expect((spelling?["note"] as? String)?.contains("“Cho Hom” → “Chợ Hôm”") == true)

            let league = try await client.send(.get, "/api/v1/quality/scorecards")
            #expect(league.status == .ok)
            let agencies = try #require(league.object["agencies"] as? [[String: Any]])
            #expect(agencies.count == 5)
            let overall = agencies.compactMap { $0["overall"] as? Double }
            #expect(overall == overall.sorted(by: >))
            #expect(agencies.last?["code"] as? String == "sct", "the stale prices put Industry and Trade last")

            // Open data: anyone sees the counts, only the owner and the coordinator the sample rows.
            let anonymous = try await client.send(.get, "\(Self.businesses)/quality").object
            let legacy = try #require((anonymous["rules"] as? [[String: Any]])?.first { $0["rule"] as? String == "vn:ward-in-force" })
            #expect((legacy["failed"] as? Int ?? 0) > 0)
            #expect(legacy["samples"] == nil || legacy["samples"] is NSNull)
            let owner = try await client.signIn("steward.stc")
            let own = try await client.send(.get, "\(Self.businesses)/quality", token: owner).object
            let ownLegacy = try #require((own["rules"] as? [[String: Any]])?.first { $0["rule"] as? String == "vn:ward-in-force" })
            #expect(!(ownLegacy["samples"] as? [Int] ?? []).isEmpty)
            let agency = try await client.send(.get, "/api/v1/quality/agencies/syt")
            #expect((agency.object["datasets"] as? [[String: Any]])?.isEmpty == true, "private datasets are not listed to the public")
            #expect(try await client.send(.get, "/api/v1/quality/agencies/syt", token: admin).object["datasets"].map { ($0 as? [Any])?.count } == 2)
        }
    }

    @Test("a load runs the rules in the same pass; a rules file changes the next run; bad rules are refused with the rule at fault")
    func loadsAndRules() async throws {
        try await withServer { client in
            let steward = try await client.signIn("steward.stc")
            let rules =
                #"{"rules": [{"type": "row-count", "minimum": 3}, {"type": "reference", "field": "ma_phuong", "reference": "wards-2025", "province": "01"}]}"#
            let set = try await client.send(.put, "\(Self.businesses)/quality/rules", token: steward, json: rules)
            #expect(set.status == .ok)
            let bad = try await client.send(
                .put, "\(Self.businesses)/quality/rules", token: steward,
                json: #"{"rules": [{"type": "freshness", "field": "nope", "withinDays": 3}]}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.problemType == "/problems/invalid-rules")
            let other = try await client.signIn("steward.syt")
            #expect(try await client.send(.put, "\(Self.businesses)/quality/rules", token: other, json: rules).status == .forbidden)

            let csv = """
                so_dang_ky,ten_ho_kinh_doanh,mst,nganh_nghe,ngay_cap,ma_phuong
                01A8-1,Quán phở Hà,0100109106,Ăn uống,2024-01-02,00004
                01A8-2,Tiệm  may Lan,0100109107,May mặc,2024-01-03,00013

                """
            let load = try await client.send(.put, "\(Self.businesses)/data", token: steward, json: csv, headers: [.contentType: "text/csv"])
            #expect(load.status == .ok)
            let runPath = try #require(load.headers[HTTPField.Name("Lienthong-Quality-Run")!])
            let run = try await client.send(.get, runPath, token: steward).object
            #expect((run["run"] as? [String: Any])?["trigger"] as? String == "load")
            let results = run["rules"] as? [[String: Any]] ?? []
            func failed(_ field: String, _ rule: String) -> Int? {
                results.first { $0["field"] as? String == field && $0["rule"] as? String == rule }?["failed"] as? Int
            }
            #expect(failed("", "row-count") == 1)
            #expect(failed("mst", "vn:tax-code") == 1)
            #expect(failed("ma_phuong", "vn:ward-in-force") == 1)
            #expect(failed("ten_ho_kinh_doanh", "tidy-text") == 1)
            let sample = results.first { $0["rule"] as? String == "tidy-text" && $0["field"] as? String == "ten_ho_kinh_doanh" }
            #expect(sample?["samples"] as? [Int] == [3])
            #expect(sample?["sampleKeys"] as? [String] == ["01A8-2"])

            let demand = try await client.send(.post, "\(Self.businesses)/quality/runs", token: steward)
            #expect(demand.status == .created)
            let history = try await client.send(.get, "\(Self.businesses)/quality/runs").items
            #expect(history.map { $0["trigger"] as? String }.prefix(2) == ["demand", "load"])
            #expect(try await client.send(.post, "\(Self.businesses)/quality/runs", token: other).status == .forbidden)
        }
    }

    @Test("a consumer with a grant flags a value; the owner's edit closes the ticket and moves the score")
    func flags() async throws {
        try await withServer { client in
            // The Finance department holds a grant on the population extract (the demo's story).
            let finance = try await client.signIn("steward.stc")
            let police = try await client.signIn("steward.catp")
            let population = "/api/v1/datasets/dan-cu-trich-xuat"
            let page = try await client.send(.get, "\(population)/records?limit=2", token: police).items
            let key = try #require(page.last?["cccd"] as? String)
            let flag = try await client.send(
                .post, "\(population)/records/\(key)/flags", token: finance, json: #"{"field": "ho_ten", "reason": "Sai họ, đúng là Trần."}"#)
            #expect(flag.status == .created)
            #expect(flag.object["kind"] as? String == "flagged-value")
            #expect(flag.object["recordKey"] as? String == key)
            #expect(flag.object["flaggedValue"] == nil || flag.object["flaggedValue"] is NSNull, "the consumer does not get the value back")
            // Justice's one-stop grant on the households covers the household code and its head: not the member count.
            let justice = try await client.signIn("steward.stp")
            let household = try #require(
                try await client.send(.get, "/api/v1/datasets/ho-gia-dinh/records?limit=1", token: police).items.first?["ma_ho"] as? String)
            #expect(
                try await client.send(
                    .post, "/api/v1/datasets/ho-gia-dinh/records/\(household)/flags", token: justice,
                    json: #"{"field": "so_thanh_vien", "reason": "x"}"#
                ).status == .forbidden)
            let coordinator = try await client.signIn("steward.skhcn")
            #expect(
                try await client.send(.post, "\(population)/records/\(key)/flags", token: coordinator, json: #"{"field": "ho_ten", "reason": "x"}"#)
                    .status == .forbidden, "no grant at all")
            #expect(
                try await client.send(.post, "\(population)/records/\(key)/flags", token: finance, json: #"{"field": "nope", "reason": "x"}"#).status
                    == .forbidden, "a field outside the grant, existing or not")

            let ownerTickets = try await client.send(.get, "/api/v1/tickets", token: police).items
            #expect(ownerTickets.contains { $0["recordKey"] as? String == key && $0["status"] as? String == "open" && $0["flaggedValue"] is String })
            let before = try await client.send(.post, "\(population)/quality/runs", token: police).object
            let flagsBefore = (before["rules"] as? [[String: Any]] ?? []).first { $0["rule"] as? String == "flags" }
            #expect(flagsBefore?["failed"] as? Int == 2, "the demo's open flag and this one")

            let fix = try await client.send(.patch, "\(population)/records/\(key)", token: police, json: #"{"ho_ten": "Trần Văn Sửa"}"#)
            #expect(fix.status == .ok)
            let ticket = try #require(try await client.send(.get, "/api/v1/tickets", token: police).items.first { $0["recordKey"] as? String == key })
            #expect(ticket["status"] as? String == "closed")
            #expect(ticket["resolvedAt"] is String)
            let after = try await client.send(.get, "\(population)/quality", token: police).object
            let flagsAfter = (after["rules"] as? [[String: Any]] ?? []).first { $0["rule"] as? String == "flags" }
            #expect(flagsAfter?["failed"] as? Int == 1)
            let correctBefore = (before["scores"] as? [String: Double])?["correct"] ?? 0
            let correctAfter = (after["scores"] as? [String: Double])?["correct"] ?? 0
            #expect(correctAfter > correctBefore)
        }
    }

    @Test("the pages: the league, an agency's scorecard, a dataset's tab with gauges and the rules; check now and rules from the page")
    func pages() async throws {
        try await withServer { client in
            let visitor = WebBrowserSession(client)
            let league = try await visitor.get("/quality")
            #expect(league.status == .ok && league.text.contains(#"data-testid="league""#) && league.text.contains(#"data-testid="city-gauges""#))
            #expect(league.text.contains("/quality/agencies/sct"))
            #expect(try await visitor.get("/quality/agencies/stc").text.contains("/catalog/dang-ky-ho-kinh-doanh/quality"))
            let open = try await visitor.get("/catalog/dang-ky-ho-kinh-doanh/quality")
            #expect(open.status == .ok && open.text.contains(#"data-testid="gauges""#) && open.text.contains("vn:ward-in-force"))
            #expect(!open.text.contains(#"data-testid="run-quality""#), "a visitor cannot run a check")
            #expect(open.text.contains(#"data-testid="explain-correct""#) && open.text.contains("Trung bình của"))

            let steward = WebBrowserSession(client)
            _ = try await steward.signIn("steward.stc", password: TestServer.password)
            let own = try await steward.get("/catalog/dang-ky-ho-kinh-doanh/quality")
            #expect(own.text.contains(#"data-testid="run-quality""#) && own.text.contains(#"data-testid="rules-json""#))
            #expect(try await steward.post("/catalog/dang-ky-ho-kinh-doanh/quality/run", [:]).status == .seeOther)
            let ran = try await steward.get("/catalog/dang-ky-ho-kinh-doanh/quality?ran=1")
            #expect(ran.text.contains("theo yêu cầu") && ran.text.contains("<svg class=\"chart trend\""))
            let bad = try await steward.post("/catalog/dang-ky-ho-kinh-doanh/quality/rules", ["rules": "{\"rules\": [{\"type\": \"coverage\"}]}"])
            #expect(bad.status == .unprocessableContent && bad.text.contains("Tệp quy tắc không hợp lệ"))
            let good = try await steward.post(
                "/catalog/dang-ky-ho-kinh-doanh/quality/rules",
                ["rules": #"{"rules": [{"type": "coverage", "field": "ma_phuong", "province": "01"}]}"#])
            #expect(good.status == .seeOther)
            #expect(try await steward.get("/catalog/dang-ky-ho-kinh-doanh").text.contains(#"data-testid="quality-tab""#))
        }
    }

    @Test("a citizen flags a value about them with their own ID only")
    func citizenFlag() async throws {
        try await withServer { client in
            let police = try await client.signIn("steward.catp")
            let person = try #require(
                try await client.send(.get, "/api/v1/datasets/dan-cu-trich-xuat/records?limit=1", token: police).items.first?["cccd"] as? String)
            let citizen = WebBrowserSession(client)
            _ = try await citizen.get("/citizen")
            let challenge = try await citizen.post("/citizen/signin", ["citizenId": person])
            let code = try #require(challenge.text.firstMatch(of: /data-testid="demo-code">[^<]*<strong>(\d{6})<\/strong>/)?.1).description
            let challengeID = try #require(challenge.text.firstMatch(of: /name="challenge" value="([0-9a-f-]{36})"/)?.1).description
            #expect(try await citizen.post("/citizen/verify", ["challenge": challengeID, "code": code]).status == .seeOther)
            let cookie = citizen.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
            let body =
                #"{"dataset": "dan-cu-trich-xuat", "field": "ngay_sinh", "citizenId": "\#(person)", "reason": "Ngày sinh của tôi là 02/03/1990."}"#
            let flagged = try await client.send(.post, "/api/v1/citizen/flags", json: body, headers: [.cookie: cookie])
            #expect(flagged.status == .created)
            #expect(flagged.object["readerAgencyCode"] as? String == "citizen")
            let someoneElse = body.replacingOccurrences(of: person, with: "001099000001")
            #expect(
                try await client.send(.post, "/api/v1/citizen/flags", json: someoneElse, headers: [.cookie: cookie]).status == .unprocessableContent)
            #expect(try await client.send(.post, "/api/v1/citizen/flags", json: body).status == .unauthorized)

            // The same from the page: the form names the dataset's fields, and the ticket shows in their tickets.
            let form = try await citizen.get("/citizen/flag?dataset=dan-cu-trich-xuat")
            #expect(form.status == .ok && form.text.contains(#"data-testid="flag-form""#) && form.text.contains(#"value="ho_ten""#))
            let wrongID = try await citizen.post(
                "/citizen/flag", ["dataset": "dan-cu-trich-xuat", "field": "ho_ten", "citizen_id": "001099000001", "reason": "Sai tên"])
            #expect(wrongID.status == .unprocessableContent)
            let sent = try await citizen.post(
                "/citizen/flag", ["dataset": "dan-cu-trich-xuat", "field": "ho_ten", "citizen_id": person, "reason": "Sai tên đệm"])
            #expect(sent.status == .seeOther)
            #expect(try await citizen.get("/citizen/tickets").text.contains("Sai tên đệm"))
        }
    }
}
