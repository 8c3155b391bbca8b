import Foundation
import HTTPTypes
import HummingbirdTesting
import LienthongTestSupport
import Testing

@Suite("The catalog over HTTP")
struct DatasetAPITests {
    static let newDataset = #"""
        {"code": "phong-kham-tu-nhan", "titleVi": "Phòng khám tư nhân", "titleEn": "Private clinics", "sharingLevel": "open",
         "themes": ["Y tế"], "keywords": ["bệnh viện"], "updateFrequency": "monthly", "legalBasis": "Luật Dữ liệu 2024",
         "schema": {"fields": [{"name": "ma_co_so", "type": "string", "constraints": {"required": true}},
                               {"name": "ten", "type": "string"}, {"name": "ma_phuong", "type": "string", "vn": "ward-code"}],
                    "primaryKey": "ma_co_so"}}
        """#

    @Test("a steward registers, describes, versions and publishes a dataset; the public finds it without diacritics")
    func lifecycle() async throws {
        try await withServer { client in
            let steward = try await client.signIn("steward.syt")
            let created = try await client.send(.post, "/api/v1/datasets", token: steward, json: Self.newDataset)
            #expect(created.status == .created, "\(created.text)")
            #expect(created.object["ownerAgencyCode"] as? String == "syt")
            #expect(created.object["status"] as? String == "draft")

            #expect(try await client.send(.get, "/api/v1/datasets/phong-kham-tu-nhan").status == .notFound, "a draft is not public")
            #expect(try await client.send(.get, "/api/v1/datasets?q=phong%20kham").items.isEmpty)

            let patched = try await client.send(
                .patch, "/api/v1/datasets/phong-kham-tu-nhan", token: steward, json: #"{"descriptionVi": "Danh sách bệnh viện, trạm y tế"}"#)
            #expect(patched.object["descriptionVi"] as? String == "Danh sách bệnh viện, trạm y tế")
            let schema = try await client.send(
                .put, "/api/v1/datasets/phong-kham-tu-nhan/schema", token: steward,
                json: #"{"fields": [{"name": "ma_co_so", "type": "string", "constraints": {"required": true}}], "primaryKey": ["ma_co_so"]}"#)
            #expect(schema.object["version"] as? Int == 2 && schema.object["breaking"] as? Bool == true)

            let published = try await client.send(.post, "/api/v1/datasets/phong-kham-tu-nhan/publish", token: steward)
            #expect(published.object["status"] as? String == "published")
            let found = try await client.send(.get, "/api/v1/datasets?q=PH%C3%92NG%20KH%C3%81M")
            #expect(found.items.map { $0["code"] as? String } == ["phong-kham-tu-nhan"])
            #expect((found.object["facets"] as? [String: Any])?["themes"] as? [String: Int] == ["Y tế": 1])
            let version1 = try await client.send(.get, "/api/v1/datasets/phong-kham-tu-nhan/schema?version=1")
            #expect(((version1.object["schema"] as? [String: Any])?["fields"] as? [Any])?.count == 3)
            #expect(version1.object["latestVersion"] as? Int == 2)

            let inspector = try await client.signIn("inspector")
            let log = try await client.send(.get, "/api/v1/audit/entries?dataset=phong-kham-tu-nhan", token: inspector)
            #expect(
                Set(log.items.compactMap { $0["action"] as? String }) == ["dataset.create", "dataset.update", "dataset.schema", "dataset.publish"])
        }
    }

    @Test("only the owner's steward or the coordinator changes a dataset; bad input is named")
    func authorization() async throws {
        try await withServer { client in
            let steward = try await client.signIn("steward.syt")
            #expect(try await client.send(.post, "/api/v1/datasets", token: steward, json: Self.newDataset).status == .created)
            let other = try await client.signIn("steward.stc")
            #expect(
                try await client.send(.post, "/api/v1/datasets/phong-kham-tu-nhan/publish", token: other).status == .notFound, "a draft is hidden")
            let admin = try await client.signIn("admin")
            #expect(try await client.send(.post, "/api/v1/datasets/phong-kham-tu-nhan/publish", token: admin).status == .ok)
            #expect(try await client.send(.post, "/api/v1/datasets/phong-kham-tu-nhan/retire", token: other).status == .forbidden)
            #expect(try await client.send(.post, "/api/v1/datasets/phong-kham-tu-nhan/publish", token: admin).status == .conflict)
            let foreign = Self.newDataset.replacingOccurrences(
                of: #""code": "phong-kham-tu-nhan""#, with: #""code": "x-y", "ownerAgencyCode": "syt""#)
            #expect(try await client.send(.post, "/api/v1/datasets", token: other, json: foreign).status == .forbidden)
            #expect(try await client.send(.post, "/api/v1/datasets", token: steward, json: Self.newDataset).status == .conflict)

            let badSchema = try await client.send(
                .post, "/api/v1/datasets", token: steward,
                json: #"{"code": "bad", "titleVi": "X", "titleEn": "X", "schema": {"fields": [{"name": "Tên", "type": "string"}]}}"#)
            #expect(badSchema.status == .unprocessableContent)
            #expect((badSchema.object["errors"] as? [[String: Any]])?.first?["field"] as? String == "schema.fields[0].name")
            let missing = try await client.send(.post, "/api/v1/datasets", token: steward, json: #"{"code": "x-z", "titleVi": "X"}"#)
            #expect(missing.status == .unprocessableContent)
            #expect(try await client.send(.get, "/api/v1/datasets?sharingLevel=secret").status == .unprocessableContent)
            #expect(try await client.send(.get, "/api/v1/datasets/phong-kham-tu-nhan/schema?version=9").status == .notFound)
        }
    }
}

@Suite("Loads and records over HTTP")
struct RecordAPITests {
    static let csv =
        "so_dang_ky,ten_ho_kinh_doanh,mst,nganh_nghe,ngay_cap,ma_phuong\nHKD-001,Quán phở Hà Nội,0101234567,Ăn uống,2025-03-01,00004\nHKD-002,\"Tạp hóa Minh, Hằng\",,Bán lẻ,2025-04-10,00070\n"

    @Test("a steward loads a CSV; anyone reads open records with provenance; a bad file leaves the rows as they were")
    func loadAndRead() async throws {
        try await withServer { client in
            let steward = try await client.signIn("steward.stc")
            let loaded = try await client.send(
                .put, "/api/v1/datasets/dang-ky-ho-kinh-doanh/data", token: steward, json: Self.csv, headers: [.contentType: "text/csv"])
            #expect(loaded.status == .ok, "\(loaded.text)")
            #expect(loaded.object["rowsLoaded"] as? Int == 2)
            let records = try await client.send(.get, "/api/v1/datasets/dang-ky-ho-kinh-doanh/records?limit=1")
            #expect(records.status == .ok)
            #expect(records.items.first?["ten_ho_kinh_doanh"] as? String == "Quán phở Hà Nội")
            #expect(records.headers[HTTPField.Name("Lienthong-Source-Agency")!] == "stc")
            #expect(records.headers[HTTPField.Name("Lienthong-Last-Loaded")!] != nil)
            let next = try #require(records.object["nextCursor"] as? String)
            let second = try await client.send(.get, "/api/v1/datasets/dang-ky-ho-kinh-doanh/records?cursor=\(next)&fields=so_dang_ky")
            #expect(second.items.map { $0.keys.sorted() } == [["so_dang_ky"]])
            #expect(second.items.first?["so_dang_ky"] as? String == "HKD-002")
            let filtered = try await client.send(.get, "/api/v1/datasets/dang-ky-ho-kinh-doanh/records?filter%5Bma_phuong%5D=00070")
            #expect(filtered.items.count == 1)

            let bad = "so_dang_ky,ten_ho_kinh_doanh,mst,nganh_nghe,ngay_cap,ma_phuong\nHKD-003,X,,,01/05/2025,\n"
            let refused = try await client.send(
                .put, "/api/v1/datasets/dang-ky-ho-kinh-doanh/data", token: steward, json: bad, headers: [.contentType: "text/csv"])
            #expect(refused.status == .unprocessableContent)
            #expect((refused.object["errors"] as? [[String: Any]])?.first?["type"] as? String == "type-error")
            let afterRefusal = try await client.send(.get, "/api/v1/datasets/dang-ky-ho-kinh-doanh/records")
            #expect(afterRefusal.items.count == 2)
            #expect(afterRefusal.headers[HTTPField.Name("Lienthong-Last-Loaded")!] != nil, "a refused load does not hide the last good one")
            let loads = try await client.send(.get, "/api/v1/datasets/dang-ky-ho-kinh-doanh/loads", token: steward)
            #expect(loads.items.map { $0["outcome"] as? String } == ["refused", "loaded", "loaded"], "ours, then the demo's")
        }
    }

    @Test("records come as JSON, NDJSON or CSV with filters and sort; /data streams the whole dataset; a JSON array loads")
    func formatsAndExport() async throws {
        try await withServer { client in
            let steward = try await client.signIn("steward.stc")
            let rows = (1...25).map {
                #"{"so_dang_ky": "HKD-\#(String(format: "%03d", $0))", "ten_ho_kinh_doanh": "Hộ \#($0), \"Phở\"", "ma_phuong": "\#($0 % 2 == 0 ? "00004" : "00070")"}"#
            }
            let loaded = try await client.send(
                .put, "/api/v1/datasets/dang-ky-ho-kinh-doanh/data", token: steward, json: "[" + rows.joined(separator: ",\n") + "]",
                headers: [.contentType: "application/json"])
            #expect(loaded.status == .ok && loaded.object["rowsLoaded"] as? Int == 25, "\(loaded.text)")

            let path = "/api/v1/datasets/dang-ky-ho-kinh-doanh"
            let sorted = try await client.send(.get, "\(path)/records?sort=-so_dang_ky&filter%5Bma_phuong%5D%5Bin%5D=00004&limit=3&fields=so_dang_ky")
            #expect(sorted.items.map { $0["so_dang_ky"] as? String } == ["HKD-024", "HKD-022", "HKD-020"])
            #expect(sorted.text.hasPrefix(#"{"items":[{"so_dang_ky":"HKD-024"}"#), "fields in schema order")
            let csv = try await client.send(.get, "\(path)/records?limit=2&fields=so_dang_ky,ten_ho_kinh_doanh", headers: [.accept: "text/csv"])
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.text == "so_dang_ky,ten_ho_kinh_doanh\r\nHKD-001,\"Hộ 1, \"\"Phở\"\"\"\r\nHKD-002,\"Hộ 2, \"\"Phở\"\"\"\r\n")
            let link = try #require(csv.headers[HTTPField.Name("Link")!])
            #expect(link.contains("rel=\"next\"") && link.contains("fields=so_dang_ky"))
            let next = String(link.dropFirst().prefix { $0 != ">" })
            let second = try await client.send(.get, next, headers: [.accept: "text/csv"])
            #expect(second.text.split(separator: "\r\n").dropFirst().first?.hasPrefix("HKD-003") == true)

            let ndjson = try await client.send(.get, "\(path)/data?format=ndjson")
            #expect(ndjson.status == .ok && ndjson.text.split(separator: "\n").count == 25)
            #expect(ndjson.headers[.contentDisposition] == #"attachment; filename="dang-ky-ho-kinh-doanh.ndjson""#)
            #expect(ndjson.headers[HTTPField.Name("Lienthong-Source-Agency")!] == "stc")
            let json = try await client.send(.get, "\(path)/data?filter%5Bten_ho_kinh_doanh%5D%5Bprefix%5D=H%E1%BB%99+1")
            let array = try #require(try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [[String: Any]])
            #expect(array.count == 11, "Hộ 1 and Hộ 10–19")
            #expect(try await client.send(.get, "\(path)/data?format=xml").status == .unprocessableContent)
            #expect(try await client.send(.get, "\(path)/records?filter%5Bso_dang_ky%5D%5Bgt%5D=").status == .unprocessableContent)
            #expect(try await client.send(.get, "\(path)/records?sort=tuoi").status == .unprocessableContent)
            #expect(try await client.send(.get, "\(path)/records?schemaVersion=7").status == .notFound)
            // Cursors come back from clients: a forged one is refused, never trusted.
            for forged in [#"{"after":{"_0":[1e300]}}"#, #"{"after":{"_0":[true]}}"#, #"{"offset":{"_0":-3}}"#] {
                let token = Data(forged.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
                #expect(try await client.send(.get, "\(path)/records?cursor=\(token)").status == .unprocessableContent, "\(forged)")
            }
            let plus = try await client.send(.get, "\(path)/records?limit=1&format=ndjson&filter%5Bten_ho_kinh_doanh%5D%5Bgt%5D=H%E1%BB%99+1%2B")
            let nextLink = try #require(plus.headers[HTTPField.Name("Link")!])
            #expect(nextLink.contains("H%E1%BB%99%201%2B"), "a + in a value stays a +, a space stays a space")
            let empty = try await client.send(
                .put, "\(path)/data", token: steward, json: "", headers: [.contentType: "application/json"])
            #expect(empty.status == .unprocessableContent, "an empty upload does not empty the dataset")
            #expect(try await client.send(.get, "\(path)/records?limit=1").items.count == 1)
        }
    }

    @Test("private data is for its owner; other agencies and the public are refused; JSON is not a CSV")
    func privateData() async throws {
        try await withServer { client in
            let owner = try await client.signIn("steward.syt")
            let csv = "ma_co_so,ten_co_so,loai_hinh,ma_phuong\nBV-01,Bệnh viện Xanh Pôn,Bệnh viện,00082\n"
            #expect(
                try await client.send(.put, "/api/v1/datasets/co-so-y-te/data", token: owner, json: csv, headers: [.contentType: "text/csv"])
                    .status == .ok)
            #expect(try await client.send(.get, "/api/v1/datasets/co-so-y-te/records", token: owner).items.count == 1)
            #expect(try await client.send(.get, "/api/v1/datasets/co-so-y-te/records").status == .notFound, "private metadata is hidden")
            let other = try await client.signIn("steward.stc")
            #expect(try await client.send(.get, "/api/v1/datasets/co-so-y-te/records", token: other).status == .forbidden)
            #expect(
                try await client.send(.put, "/api/v1/datasets/co-so-y-te/data", token: other, json: csv, headers: [.contentType: "text/csv"])
                    .status == .forbidden)
            #expect(
                try await client.send(
                    .put, "/api/v1/datasets/co-so-y-te/data", token: owner, json: "<x/>", headers: [.contentType: "application/xml"]
                )
                .status == .unsupportedMediaType)
        }
    }

    @Test("the owner reads, changes and deletes one record by key, each change on the record")
    func oneRecord() async throws {
        try await withServer { client in
            let steward = try await client.signIn("steward.stc")
            try await client.send(
                .put, "/api/v1/datasets/dang-ky-ho-kinh-doanh/data", token: steward, json: Self.csv, headers: [.contentType: "text/csv"])
            let one = try await client.send(.get, "/api/v1/datasets/dang-ky-ho-kinh-doanh/records/HKD-002")
            #expect(one.object["ten_ho_kinh_doanh"] as? String == "Tạp hóa Minh, Hằng")
            let changed = try await client.send(
                .patch, "/api/v1/datasets/dang-ky-ho-kinh-doanh/records/HKD-002", token: steward, json: #"{"nganh_nghe": "Bán buôn", "mst": null}"#)
            #expect(changed.status == .ok && changed.object["nganh_nghe"] as? String == "Bán buôn")
            let invalid = try await client.send(
                .patch, "/api/v1/datasets/dang-ky-ho-kinh-doanh/records/HKD-002", token: steward, json: #"{"ngay_cap": "hôm qua"}"#)
            #expect(invalid.status == .unprocessableContent)
            let rekey = try await client.send(
                .patch, "/api/v1/datasets/dang-ky-ho-kinh-doanh/records/HKD-002", token: steward, json: #"{"so_dang_ky": "X"}"#)
            #expect(rekey.status == .unprocessableContent)
            let other = try await client.signIn("steward.syt")
            #expect(try await client.send(.delete, "/api/v1/datasets/dang-ky-ho-kinh-doanh/records/HKD-002", token: other).status == .forbidden)
            #expect(try await client.send(.delete, "/api/v1/datasets/dang-ky-ho-kinh-doanh/records/HKD-002", token: steward).status == .noContent)
            #expect(try await client.send(.get, "/api/v1/datasets/dang-ky-ho-kinh-doanh/records/HKD-002").status == .notFound)
            let inspector = try await client.signIn("inspector")
            let log = try await client.send(.get, "/api/v1/audit/entries?dataset=dang-ky-ho-kinh-doanh&action=record", token: inspector)
            #expect(Set(log.items.compactMap { $0["action"] as? String }) == ["record.update", "record.delete"])
        }
    }
}
