import Foundation
import HTTPTypes
import HummingbirdTesting
import LienthongTestSupport
import Testing

@Suite("The CKAN Action API")
struct CKANTests {
    @Test("anonymous harvesters list, show and search open and shared datasets, never private ones, in CKAN's envelope")
    func catalog() async throws {
        try await withServer { client in
            let list = try await client.send(.get, "/api/3/action/package_list")
            #expect(list.object["success"] as? Bool == true)
            #expect(list.object["help"] as? String == "https://lienthong.example.vn/api/3/action/help_show?name=package_list")
            #expect(list.object["result"] as? [String] == ["dan-cu-trich-xuat", "dang-ky-ho-kinh-doanh", "ho-gia-dinh"])
            let posted = try await client.send(.post, "/api/action/package_list", json: #"{"include_private": false, "include_drafts": false}"#)
            #expect(posted.object["result"] as? [String] == list.object["result"] as? [String])

            let show = try await client.send(.get, "/api/3/action/package_show?id=dang-ky-ho-kinh-doanh")
            let package = try #require(show.object["result"] as? [String: Any])
            #expect(package["name"] as? String == "dang-ky-ho-kinh-doanh" && package["license_id"] as? String == "cc-by")
            #expect((package["organization"] as? [String: Any])?["name"] as? String == "stc")
            let resource = try #require((package["resources"] as? [[String: Any]])?.first)
            #expect(resource["datastore_active"] as? Bool == true && resource["format"] as? String == "CSV")

            let hidden = try await client.send(.get, "/api/3/action/package_show?id=co-so-y-te")
            #expect(hidden.status == .notFound && (hidden.object["error"] as? [String: Any])?["__type"] as? String == "Not Found Error")
            let unknown = try await client.send(.get, "/api/3/action/package_delete")
            #expect(unknown.status == .badRequest && unknown.text == #""Bad request - Action name not known: package_delete""#)

            let search = try await client.send(
                .get, "/api/3/action/package_search?q=dan%20cu&facet.field=%5B%22organization%22%5D&rows=1&sort=name%20asc")
            let result = try #require(search.object["result"] as? [String: Any])
            #expect(result["count"] as? Int == 2 && (result["results"] as? [Any])?.count == 1)
            #expect(((result["facets"] as? [String: Any])?["organization"] as? [String: Int]) == ["catp": 2])
            let filtered = try await client.send(.get, "/api/3/action/package_search?fq=organization:stc")
            #expect((filtered.object["result"] as? [String: Any])?["count"] as? Int == 1)
            let bad = try await client.send(.get, "/api/3/action/package_search?bogus=1")
            #expect(bad.status == .badRequest && (bad.object["error"] as? [String: Any])?["__type"] as? String == "Search Query Error")

            let organizations = try await client.send(.get, "/api/3/action/organization_list?all_fields=true")
            let stc = (organizations.object["result"] as? [[String: Any]])?.first { $0["name"] as? String == "stc" }
            #expect(stc?["package_count"] as? Int == 1)
            let syt = try await client.send(.get, "/api/3/action/organization_show?id=syt")
            #expect(((syt.object["result"] as? [String: Any])?["packages"] as? [Any])?.isEmpty == true, "the health department shares nothing yet")
            #expect((try await client.send(.get, "/api/3/action/group_list").object["result"] as? [String])?.contains("dan-cu") == true)
            #expect(try await client.send(.get, "/api/3/action/group_show?id=dan-cu").status == .ok)
            #expect((try await client.send(.get, "/api/3/action/tag_list").object["result"] as? [String])?.contains("CCCD") == true)
            #expect(
                (try await client.send(.get, "/api/3/action/status_show").object["result"] as? [String: Any])?["ckan_version"] as? String == "2.12.0")
            #expect(try await client.send(.get, "/api/3/action/help_show?name=datastore_search").object["result"] is String)
            #expect(try await client.send(.get, "/api/3/action/package_show").status == .conflict, "a missing id is a Validation Error")

            // What the CKAN harvester sends: sort by id, fq with OR groups, negation and time ranges, ext_ parameters.
            let harvester = try await client.send(
                .get,
                "/api/3/action/package_search?sort=id%20asc&rows=100&ext_bbox=1&fq=%2Bdataset_type:dataset%20(organization:stc%20OR%20organization:catp)%20-name:ho-gia-dinh%20metadata_modified:%5B2000-01-01T00:00:00Z%20TO%20*%5D"
            )
            let harvested = (harvester.object["result"] as? [String: Any])?["results"] as? [[String: Any]] ?? []
            #expect(harvester.status == .ok && Set(harvested.compactMap { $0["name"] as? String }) == ["dan-cu-trich-xuat", "dang-ky-ho-kinh-doanh"])
            let sorted = try await client.send(.get, "/api/3/action/organization_list?sort=package_count%20desc")
            #expect((sorted.object["result"] as? [String])?.first == "catp")
            #expect(try await client.send(.get, "/api/3/action/organization_list?sort=size").status == .conflict)
        }
    }

    @Test("datastore_search reads open rows with filters, q, sort and keyset paging; private rows need the owner's key in CKAN's forms")
    func datastore() async throws {
        try await withServer { client in
            let path = "/api/3/action/datastore_search"
            let first = try await client.send(
                .post, path,
                json: #"{"resource_id": "dang-ky-ho-kinh-doanh", "filters": {"nganh_nghe": "Bán lẻ"}, "limit": 5, "sort": "so_dang_ky desc"}"#)
            let result = try #require(first.object["result"] as? [String: Any])
            let records = try #require(result["records"] as? [[String: Any]])
            #expect(records.count == 5 && records.allSatisfy { $0["nganh_nghe"] as? String == "Bán lẻ" })
            #expect((result["total"] as? Int ?? 0) > 5)
            let codes = records.compactMap { $0["so_dang_ky"] as? String }
            #expect(codes == codes.sorted(by: >))
            let next = try #require(result["next_page"] as? String)
            let second = try await client.send(
                .post, path,
                json:
                    #"{"resource_id": "dang-ky-ho-kinh-doanh", "filters": {"nganh_nghe": "Bán lẻ"}, "limit": 5, "sort": "so_dang_ky desc", "next_page": "\#(next)"}"#
            )
            let more = ((second.object["result"] as? [String: Any])?["records"] as? [[String: Any]])?.compactMap { $0["so_dang_ky"] as? String } ?? []
            #expect(more.count == 5 && more.first! < codes.last!, "the next page continues where the first stopped")
            let text = try await client.send(.get, "\(path)?resource_id=dang-ky-ho-kinh-doanh&q=ti%E1%BB%87m%20may&limit=1000")
            let tailors = (text.object["result"] as? [String: Any])?["records"] as? [[String: Any]] ?? []
            #expect(!tailors.isEmpty && tailors.allSatisfy { ($0["ten_ho_kinh_doanh"] as? String)?.hasPrefix("Tiệm may") == true })

            let denied = try await client.send(.get, "\(path)?resource_id=co-so-y-te")
            #expect(denied.status == .notFound, "private metadata is hidden from anonymous callers")
            let key = try await client.signIn("steward.syt")
            let owner = try await client.send(.get, "\(path)?resource_id=co-so-y-te&limit=1", headers: [.authorization: key])
            #expect(owner.status == .ok, "CKAN's raw Authorization form")
            let viaHeader = try await client.send(.get, "\(path)?resource_id=co-so-y-te&limit=1", headers: [HTTPField.Name("X-CKAN-API-Key")!: key])
            #expect(viaHeader.status == .ok)
            let stranger = try await client.send(.get, "\(path)?resource_id=ho-gia-dinh", headers: [.authorization: "not-a-key"])
            #expect(stranger.status == .forbidden, "an unknown key is anonymous; shared rows need a grant")
            #expect((stranger.object["error"] as? [String: Any])?["__type"] as? String == "Authorization Error")
            #expect(try await client.send(.get, "\(path)?resource_id=dang-ky-ho-kinh-doanh&fields=tuoi").status == .conflict)
            let twice = try await client.send(.get, "\(path)?resource_id=dang-ky-ho-kinh-doanh&fields=mst,mst&limit=1")
            #expect(twice.status == .ok, "a field asked for twice comes once")
            #expect(try await client.send(.post, path, json: "[1]").text == #""Bad request - JSON Error: the body is not a JSON object""#)

            // A steward's key sees private datasets only when asking for them, and never in package_list.
            let listed = try await client.send(.get, "/api/3/action/package_list", headers: [.authorization: key])
            #expect((listed.object["result"] as? [String])?.contains("co-so-y-te") == false)
            let withPrivate = try await client.send(
                .get, "/api/3/action/package_search?include_private=true&rows=100", headers: [.authorization: key])
            let names = ((withPrivate.object["result"] as? [String: Any])?["results"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(names.contains("co-so-y-te"))
        }
    }
}
