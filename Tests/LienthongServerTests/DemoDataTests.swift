import Foundation
import HTTPTypes
import HummingbirdTesting
import LienthongTestSupport
import Testing

@Suite("The demo city's data")
struct DemoDataTests {
    @Test("every demo dataset holds generated rows in real Hà Nội wards, the same on every machine, loaded by its steward")
    func rows() async throws {
        try await withServer { client in
            let admin = try await client.signIn("admin")
            let counts = [
                "dan-cu-trich-xuat": 1_200, "ho-gia-dinh": 400, "dang-ky-ho-kinh-doanh": 400, "gia-thi-truong": 320, "yeu-cau-ly-lich-tu-phap": 300,
            ]
            for (code, count) in counts {
                let ndjson = try await client.send(.get, "/api/v1/datasets/\(code)/data?format=ndjson", token: admin)
                #expect(ndjson.text.split(separator: "\n").count == count, "\(code)")
            }
            let first = try await client.send(.get, "/api/v1/datasets/dang-ky-ho-kinh-doanh/records?limit=1")
            #expect(first.items.first?["ten_ho_kinh_doanh"] as? String == "Tiệm bánh Phong", "the seed gives the same rows everywhere")
            let wards = try await client.send(
                .get, "/api/v1/datasets/co-so-y-te/records?filter%5Bloai_hinh%5D=Tr%E1%BA%A1m+y+t%E1%BA%BF&limit=200", token: admin)
            #expect(wards.items.count == 126, "a health station in each of Hà Nội's 126 wards and communes")
            #expect(wards.items.contains { $0["ten_co_so"] as? String == "Trạm y tế Phường Ba Đình" && $0["ma_phuong"] as? String == "00004" })
            let loads = try await client.send(.get, "/api/v1/datasets/co-so-y-te/loads", token: admin)
            #expect(loads.items.first?["loadedBy"] as? String == "steward.syt")
        }
    }

    @Test("an open dataset is a Frictionless Data Package whose resource is its CSV export")
    func dataPackage() async throws {
        try await withServer { client in
            let package = try await client.send(.get, "/api/v1/datasets/dang-ky-ho-kinh-doanh/datapackage.json")
            #expect(package.object["name"] as? String == "dang-ky-ho-kinh-doanh")
            let resource = try #require((package.object["resources"] as? [[String: Any]])?.first)
            #expect(resource["path"] as? String == "https://lienthong.example.vn/api/v1/datasets/dang-ky-ho-kinh-doanh/data?format=csv")
            #expect(((resource["schema"] as? [String: Any])?["primaryKey"] as? [String]) == ["so_dang_ky"])
            #expect(try await client.send(.get, "/api/v1/datasets/co-so-y-te/datapackage.json").status == .notFound, "private stays hidden")
        }
    }

    @Test("the catalog, a dataset and a publication are DCAT-AP in JSON-LD and Turtle")
    func dcat() async throws {
        try await withServer { client in
            let turtle = try await client.send(.get, "/catalog.ttl")
            #expect(turtle.headers[.contentType] == "text/turtle; charset=utf-8")
            #expect(turtle.text.contains("<https://lienthong.example.vn/catalog#catalog> a dcat:Catalog"))
            #expect(turtle.text.contains("access-right/RESTRICTED") && !turtle.text.contains("co-so-y-te"), "shared listed, private not")
            let jsonld = try await client.send(.get, "/catalog/dang-ky-ho-kinh-doanh.jsonld")
            let graph = try #require(try JSONSerialization.jsonObject(with: Data(jsonld.text.utf8)) as? [String: Any])
            let nodes = try #require(graph["@graph"] as? [[String: Any]])
            #expect(nodes.contains { ($0["@type"] as? [String]) == ["dcat:Dataset"] })
            #expect(try await client.send(.get, "/publications/1.ttl").text.contains("dcat:Catalog"))
            let page = try await WebBrowserSession(client).get("/catalog")
            #expect(page.text.contains(#"href="/catalog.jsonld""#) && page.text.contains(#"href="/api/3/action/package_search""#))
            #expect(try await client.send(.get, "/catalog/co-so-y-te.ttl").status == .notFound)
            #expect(try await client.send(.get, "/publications/9.jsonld").status == .notFound)
        }
    }
}
