import Foundation
import HTTPTypes
import HummingbirdTesting
import LienthongTestSupport
import Testing

@Suite("The catalog in the browser")
struct CatalogPageTests {
    @Test("the public sees the demo's open and shared datasets, finds them without diacritics, and filters by facet")
    func browse() async throws {
        try await withServer { client in
            let browser = WebBrowserSession(client)
            let page = try await browser.get("/catalog")
            #expect(page.status == .ok)
            #expect(page.text.contains("Trích xuất dữ liệu dân cư"))
            #expect(page.text.contains("Đăng ký hộ kinh doanh"))
            #expect(!page.text.contains("Cơ sở khám bệnh, chữa bệnh"), "private metadata is for signed-in staff")
            let search = try await browser.get("/catalog?q=dang+ky+kinh+doanh")
            #expect(search.text.contains("Đăng ký hộ kinh doanh") && !search.text.contains("Trích xuất dữ liệu dân cư"))
            let facet = try await browser.get("/catalog?sharingLevel=open")
            #expect(facet.text.contains(#"data-testid="catalog-total">1<"#))
            let dataset = try await browser.get("/catalog/dan-cu-trich-xuat")
            #expect(dataset.text.contains("ngay_sinh") && dataset.text.contains("định danh người"))
            #expect(try await browser.get("/catalog/co-so-y-te").status == .notFound)
        }
    }

    @Test("a steward registers a dataset in the browser and publishes it; a bad schema is explained")
    func register() async throws {
        try await withServer { client in
            let browser = WebBrowserSession(client)
            try await browser.signIn("steward.syt", password: TestServer.password)
            #expect(try await browser.get("/catalog").text.contains("Cơ sở khám bệnh, chữa bệnh"), "staff see private metadata")
            #expect(try await browser.get("/catalog/new").status == .ok)
            let schema = #"{"fields": [{"name": "ma", "type": "string", "constraints": {"required": true}}], "primaryKey": "ma"}"#
            var fields = [
                "code": "nha-thuoc", "titleVi": "Nhà thuốc đạt chuẩn", "titleEn": "Certified pharmacies", "sharingLevel": "open",
                "updateFrequency": "monthly", "themes": "Y tế, Dược", "schema": "{\"fields\": []}",
            ]
            let refused = try await browser.post("/catalog/new", fields)
            #expect(refused.status == .unprocessableContent)
            #expect(refused.text.contains("schema.fields"))
            fields["schema"] = schema
            let created = try await browser.post("/catalog/new", fields)
            #expect(created.status == .seeOther)
            #expect(created.headers[.location] == "/catalog/nha-thuoc")
            let draft = try await browser.get("/catalog/nha-thuoc")
            #expect(draft.text.contains("Bản nháp") && draft.text.contains(#"data-testid="publish""#))
            #expect(try await browser.post("/catalog/nha-thuoc/publish", [:]).status == .seeOther)
            #expect(try await WebBrowserSession(client).get("/catalog?q=nha%20thuoc").text.contains("Nhà thuốc đạt chuẩn"))
            let other = WebBrowserSession(client)
            try await other.signIn("steward.stc", password: TestServer.password)
            #expect(try await other.post("/catalog/nha-thuoc/retire", [:]).status == .forbidden)
        }
    }

    @Test("a steward uploads a CSV from the dataset page and reads the report, the history and sample rows")
    func upload() async throws {
        try await withServer { client in
            let browser = WebBrowserSession(client)
            try await browser.signIn("steward.stc", password: TestServer.password)
            let page = try await browser.get("/catalog/dang-ky-ho-kinh-doanh")
            #expect(page.text.contains(#"data-testid="upload-form""#))
            let csv = "so_dang_ky,ten_ho_kinh_doanh,mst,nganh_nghe,ngay_cap,ma_phuong\nHKD-9,Tiệm may Hoa,,May mặc,2025-06-01,00004\n"
            #expect(try await browser.upload("/catalog/dang-ky-ho-kinh-doanh/upload", csv: csv, csrf: "forged").status == .forbidden)
            let loaded = try await browser.upload("/catalog/dang-ky-ho-kinh-doanh/upload", csv: csv)
            #expect(loaded.status == .ok)
            let bad = "so_dang_ky,ten_ho_kinh_doanh,mst,nganh_nghe,ngay_cap,ma_phuong\nHKD-10,X,,,31/12/2025,\n"
            #expect(try await browser.upload("/catalog/dang-ky-ho-kinh-doanh/upload?onError=reject", csv: bad).status == .unprocessableContent)
            let after = try await browser.get("/catalog/dang-ky-ho-kinh-doanh")
            #expect(after.text.contains(#"data-testid="loads""#) && after.text.contains("Bị từ chối") && after.text.contains("Đã nạp"))
            #expect(after.text.contains(#"data-testid="load-errors""#) && after.text.contains("31/12/2025"))
            #expect(after.text.contains("Tiệm may Hoa"), "sample rows of open data")
            let other = WebBrowserSession(client)
            try await other.signIn("steward.syt", password: TestServer.password)
            try await other.get("/catalog/dang-ky-ho-kinh-doanh")
            #expect(try await other.upload("/catalog/dang-ky-ho-kinh-doanh/upload", csv: csv).status == .forbidden)
            #expect(after.text.contains(#"href="/catalog/dang-ky-ho-kinh-doanh/download?format=csv""#))
            let download = try await browser.get("/catalog/dang-ky-ho-kinh-doanh/download?format=csv")
            #expect(download.text.contains("HKD-9,Tiệm may Hoa,,May mặc,2025-06-01,00004"))
            #expect(download.headers[.contentDisposition]?.contains("dang-ky-ho-kinh-doanh.csv") == true)
        }
    }

    @Test("private data downloads for its owner's steward only")
    func privateDownload() async throws {
        try await withServer { client in
            let owner = WebBrowserSession(client)
            try await owner.signIn("steward.syt", password: TestServer.password)
            #expect(try await owner.get("/catalog/co-so-y-te/download?format=ndjson").status == .ok)
            let other = WebBrowserSession(client)
            try await other.signIn("steward.stc", password: TestServer.password)
            #expect(try await other.get("/catalog/co-so-y-te/download").status == .forbidden)
            #expect(try await WebBrowserSession(client).get("/catalog/co-so-y-te/download").status == .notFound)
        }
    }
}
