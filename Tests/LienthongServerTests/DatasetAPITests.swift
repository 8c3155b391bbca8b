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
