import Foundation
import HTTPTypes
import HummingbirdTesting
import LienthongServer
import LienthongTestSupport
import Testing

@Suite("Agencies and users through the API")
struct DirectoryAPITests {
    @Test("anyone reads the directory of agencies")
    func readAgencies() async throws {
        try await withServer { client in
            let list = try await client.send(.get, "/api/v1/agencies")
            #expect(list.status == .ok)
            #expect(list.items.count == 12)
            #expect(list.object.keys.contains("nextCursor"))
            let ward = try await client.send(.get, "/api/v1/agencies/phuong-ba-dinh")
            #expect(ward.object["unitCode"] as? String == "00004")
            #expect(ward.object["nameVi"] as? String == "Phường Ba Đình")
            #expect((ward.object["id"] as? String) == (ward.object["id"] as? String)?.lowercased())
            let missing = try await client.send(.get, "/api/v1/agencies/nowhere")
            #expect(missing.status == .notFound)
            #expect(missing.problemType == "/problems/unknown-agency")
        }
    }

    @Test("only the coordinator adds and changes agencies")
    func writeAgencies() async throws {
        try await withServer { client in
            let body =
                #"{"code": "sxd", "nameVi": "Sở Xây dựng", "nameEn": "Department of Construction", "kind": "department", "parentCode": "hanoi"}"#
            #expect(try await client.send(.post, "/api/v1/agencies", json: body).status == .unauthorized)
            let steward = try await client.signIn("steward.syt")
            #expect(try await client.send(.post, "/api/v1/agencies", token: steward, json: body).status == .forbidden)
            let admin = try await client.signIn("admin")
            let created = try await client.send(.post, "/api/v1/agencies", token: admin, json: body)
            #expect(created.status == .created)
            #expect(created.object["parentCode"] as? String == "hanoi")
            let patched = try await client.send(
                .patch, "/api/v1/agencies/sxd", token: admin, json: #"{"nameEn": "Construction Department"}"#)
            #expect(patched.object["nameEn"] as? String == "Construction Department")
            #expect(patched.object["nameVi"] as? String == "Sở Xây dựng")
        }
    }

    @Test("bad input gets a clear problem and writes nothing")
    func badInput() async throws {
        try await withServer { client in
            let admin = try await client.signIn("admin")
            let duplicate = try await client.send(
                .post, "/api/v1/agencies", token: admin, json: #"{"code": "syt", "nameVi": "a", "nameEn": "b", "kind": "department"}"#)
            #expect(duplicate.status == .conflict)
            #expect(duplicate.problemType == "/problems/duplicate")

            let missing = try await client.send(.post, "/api/v1/agencies", token: admin, json: #"{"code": "abc", "nameVi": "a", "kind": "other"}"#)
            #expect(missing.status == .unprocessableContent)
            #expect((missing.object["errors"] as? [[String: Any]])?.first?["field"] as? String == "nameEn")

            let unknown = try await client.send(
                .post, "/api/v1/agencies", token: admin,
                json: #"{"code": "abc", "nameVi": "a", "nameEn": "b", "kind": "other", "budget": 5}"#)
            #expect(unknown.status == .unprocessableContent)
            #expect((unknown.object["errors"] as? [[String: Any]])?.first?["field"] as? String == "budget")

            let badKind = try await client.send(
                .post, "/api/v1/agencies", token: admin, json: #"{"code": "abc", "nameVi": "a", "nameEn": "b", "kind": "castle"}"#)
            #expect(badKind.status == .unprocessableContent)

            let badCode = try await client.send(
                .post, "/api/v1/agencies", token: admin, json: #"{"code": "Bad Code", "nameVi": "a", "nameEn": "b", "kind": "other"}"#)
            #expect(badCode.status == .unprocessableContent)
            #expect(badCode.problemType == "/problems/invalid-code")

            let malformed = try await client.send(.post, "/api/v1/agencies", token: admin, json: #"{"code": "#)
            #expect(malformed.status == .badRequest)
            #expect(malformed.problemType == "/problems/malformed-json")

            let form = try await client.send(
                .post, "/api/v1/agencies", token: admin, json: "code=abc", headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(form.status == .unsupportedMediaType)

            let huge = "{\"code\": \"abc\", \"nameVi\": \"" + String(repeating: "x", count: 70_000) + "\"}"
            let oversized = try await client.send(.post, "/api/v1/agencies", token: admin, json: huge)
            #expect(oversized.status == .contentTooLarge)

            let list = try await client.send(.get, "/api/v1/agencies")
            #expect(list.items.count == 12)
        }
    }

    @Test("users: the coordinator creates, lists and deactivates; a deactivated user's session ends")
    func users() async throws {
        try await withServer { client in
            let inspector = try await client.signIn("inspector")
            #expect(try await client.send(.get, "/api/v1/users", token: inspector).status == .forbidden)
            let admin = try await client.signIn("admin")
            let list = try await client.send(.get, "/api/v1/users?agency=stp", token: admin)
            #expect(list.items.map { $0["username"] as? String } == ["officer.stp", "steward.stp"])
            #expect(!list.text.contains("password"))
            let created = try await client.send(
                .post, "/api/v1/users", token: admin,
                json:
                    #"{"username": "officer.syt", "displayName": "Cán bộ một cửa Sở Y tế", "agencyCode": "syt", "role": "officer", "password": "a-long-password"}"#
            )
            #expect(created.status == .created)
            let badRole = try await client.send(
                .post, "/api/v1/users", token: admin,
                json: #"{"username": "x1", "displayName": "X", "agencyCode": "syt", "role": "king", "password": "a-long-password"}"#)
            #expect(badRole.status == .unprocessableContent)

            let officer = try await client.signIn("officer.syt", password: "a-long-password")
            let deactivated = try await client.send(.post, "/api/v1/users/officer.syt/deactivate", token: admin)
            #expect(deactivated.object["active"] as? Bool == false)
            #expect(try await client.send(.get, "/api/v1/me", token: officer).status == .unauthorized)
            let again = try await client.send(.post, "/api/v1/sessions", json: #"{"username": "officer.syt", "password": "a-long-password"}"#)
            #expect(again.status == .unauthorized)

            let reset = try await client.send(.put, "/api/v1/users/steward.sct/password", token: admin, json: #"{"password": "reset-by-admin"}"#)
            #expect(reset.status == .noContent)
            _ = try await client.signIn("steward.sct", password: "reset-by-admin")
            #expect(try await client.send(.get, "/api/v1/users/ghost", token: admin).status == .notFound)

            // The last coordinator cannot deactivate itself (nobody could manage the platform); with a second, it can.
            let alone = try await client.send(.post, "/api/v1/users/admin/deactivate", token: admin)
            #expect(alone.status == .conflict && alone.problemType == "/problems/last-administrator", "\(alone.text)")
            #expect(try await client.send(.get, "/api/v1/me", token: admin).status == .ok, "still signed in")
            let second = try await client.send(
                .post, "/api/v1/users", token: admin,
                json:
                    #"{"username": "admin2", "displayName": "Điều phối viên 2", "agencyCode": "skhcn", "role": "admin", "password": "a-long-password"}"#
            )
            #expect(second.status == .created)
            #expect(try await client.send(.post, "/api/v1/users/admin/deactivate", token: admin).status == .ok)
        }
    }

    @Test("lists page by keyset: limit and an opaque cursor walk every item once")
    func paging() async throws {
        try await withServer { client in
            var codes: [String] = []
            var cursor: String?
            repeat {
                let uri = "/api/v1/agencies?limit=5" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await client.send(.get, uri)
                #expect(page.status == .ok)
                #expect(page.items.count <= 5)
                codes += page.items.compactMap { $0["code"] as? String }
                cursor = page.object["nextCursor"] as? String
            } while cursor != nil
            let all = try await client.send(.get, "/api/v1/agencies").items.compactMap { $0["code"] as? String }
            #expect(codes == all && codes.count == 12)
            #expect(try await client.send(.get, "/api/v1/agencies?limit=0").status == .unprocessableContent)
            #expect(try await client.send(.get, "/api/v1/agencies?cursor=%25%25").status == .unprocessableContent)

            let admin = try await client.signIn("admin")
            for index in 0..<3 { _ = try await client.createKey(agency: "skhcn", name: "system-\(index)", token: admin) }
            let first = try await client.send(.get, "/api/v1/api-clients?agency=skhcn&limit=2", token: admin)
            let next = try #require(first.object["nextCursor"] as? String)
            let second = try await client.send(.get, "/api/v1/api-clients?agency=skhcn&limit=2&cursor=\(next)", token: admin)
            #expect(second.items.count == 1)
            #expect(Set((first.items + second.items).compactMap { $0["name"] as? String }) == ["system-0", "system-1", "system-2"])
            let users = try await client.send(.get, "/api/v1/users?limit=3", token: admin)
            #expect(users.items.count == 3 && users.object["nextCursor"] as? String != nil)
        }
    }
}
