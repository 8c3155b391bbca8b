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
}
