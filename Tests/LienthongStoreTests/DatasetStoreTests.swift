import Foundation
import Lienthong
import LienthongTestSupport
import Testing

@testable import LienthongStore

@Suite("Catalog storage")
struct DatasetStoreTests {
    static let schema = TableSchema(
        fields: [
            SchemaField(name: "cccd", type: .string, constraints: .init(required: true), vn: .citizenID, subject: true),
            SchemaField(name: "ho_ten", type: .string),
        ],
        primaryKey: ["cccd"])

    static func dataset(_ code: String, owner: String = "syt", title: String, sharing: SharingLevel = .open, themes: [String] = []) -> Dataset {
        Dataset(
            code: code, ownerAgencyCode: owner, titleVi: title, titleEn: "Dataset \(code)", themes: themes, keywords: ["mẫu"],
            sharingLevel: sharing)
    }

    /// A directory with the agencies the datasets belong to.
    static func seeded(_ database: Database) async throws -> DatasetStore {
        let directory = DirectoryStore(database: database)
        for code in ["syt", "stc", "stp"] {
            try await directory.createAgency(Agency(code: code, nameVi: "Sở \(code)", nameEn: code, kind: .department))
        }
        return DatasetStore(database: database)
    }

    @Test("datasets are created as drafts with schema version 1; codes are unique; bad input is named", arguments: TestDatabase.available)
    func create(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let store = try await Self.seeded(database)
            let created = try await store.create(Self.dataset("co-so-y-te", title: "Cơ sở y tế"), schema: Self.schema)
            #expect(created.status == .draft && created.schemaVersion == 1)
            let found = try #require(try await store.dataset("co-so-y-te"))
            #expect(found.titleVi == "Cơ sở y tế" && found.keywords == ["mẫu"])
            #expect(try await store.dataset(found.id.uuidString)?.code == "co-so-y-te")
            #expect(try await store.schema(of: found) == Self.schema)

            await #expect(throws: StoreError.self) {
                try await store.create(Self.dataset("co-so-y-te", title: "Again"), schema: Self.schema)
            }
            await #expect(throws: CatalogError.invalidFields(["code", "titleVi"])) {
                try await store.create(Self.dataset("Bad Code", title: " "), schema: Self.schema)
            }
            await #expect(throws: DirectoryError.unknownAgency("nowhere")) {
                try await store.create(Self.dataset("x-1", owner: "nowhere", title: "X"), schema: Self.schema)
            }
            do {
                try await store.create(Self.dataset("x-2", title: "X"), schema: TableSchema(fields: []))
                Issue.record("an empty schema was accepted")
            } catch let error as CatalogError {
                #expect(error.code == "invalid-schema" && error.fieldProblems.map(\.field) == ["schema.fields"])
            }
        }
    }

    @Test("schema changes make versions and say whether they break readers; status moves by the rules", arguments: TestDatabase.available)
    func versionsAndStatus(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let store = try await Self.seeded(database)
            try await store.create(Self.dataset("ho-gia-dinh", owner: "stc", title: "Hộ gia đình"), schema: Self.schema)
            var added = Self.schema
            added.fields.append(SchemaField(name: "ghi_chu", type: .string))
            #expect(try await store.setSchema(added, for: "ho-gia-dinh") == (2, false))
            var removed = added
            removed.fields.removeLast(2)
            removed.fields[0].constraints.required = true
            #expect(try await store.setSchema(removed, for: "ho-gia-dinh").breaking)
            let dataset = try #require(try await store.dataset("ho-gia-dinh"))
            #expect(dataset.schemaVersion == 3)
            #expect(try await store.schema(of: dataset, version: 2) == added)
            #expect(try await store.schemaVersions(of: dataset).map(\.breaking) == [false, false, true])
            await #expect(throws: CatalogError.unknownVersion(9)) { try await store.schema(of: dataset, version: 9) }

            await #expect(throws: CatalogError.transition(from: .draft, to: .retired)) { try await store.setStatus(.retired, for: "ho-gia-dinh") }
            let published = try await store.setStatus(.published, for: "ho-gia-dinh")
            #expect(published.status == .published && published.publishedAt != nil)
            #expect(try await store.setStatus(.retired, for: "ho-gia-dinh").status == .retired)
            await #expect(throws: CatalogError.unknownDataset("nope")) { try await store.setStatus(.published, for: "nope") }
        }
    }

    @Test("search ignores case and diacritics, ranks titles first, counts facets and respects visibility", arguments: TestDatabase.available)
    func search(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            let store = try await Self.seeded(database)
            let entries: [(String, String, String, SharingLevel, [String])] = [
                ("co-so-y-te", "syt", "Cơ sở y tế trên địa bàn", .open, ["Y tế"]),
                ("an-toan-thuc-pham", "syt", "Giấy chứng nhận an toàn thực phẩm", .private, ["Y tế", "Kinh doanh"]),
                ("dang-ky-ho-kinh-doanh", "stc", "Đăng ký hộ kinh doanh", .open, ["Kinh doanh"]),
                ("ly-lich-tu-phap", "stp", "Yêu cầu lý lịch tư pháp", .shared, ["Tư pháp"]),
                ("nhap-y-te", "syt", "Bản nháp về y tế", .open, ["Y tế"]),
            ]
            for (code, owner, title, sharing, themes) in entries {
                try await store.create(Self.dataset(code, owner: owner, title: title, sharing: sharing, themes: themes), schema: Self.schema)
                if code != "nhap-y-te" { try await store.setStatus(.published, for: code) }
            }
            func codes(_ text: String, viewer: DatasetViewer = .anonymous) async throws -> [String] {
                try await store.search(CatalogQuery(text: text, viewer: viewer)).datasets.map(\.code)
            }
            #expect(try await codes("so y te") == ["co-so-y-te"])
            #expect(try await codes("SỞ Y TẾ") == ["co-so-y-te"])
            #expect(try await codes("dang ky") == ["dang-ky-ho-kinh-doanh"], "đ matches d")
            #expect(try await codes("").count == 3, "the public sees published open and shared datasets only")
            #expect(try await codes("", viewer: DatasetViewer(agencyCode: "stc", isAuthenticated: true)).count == 4)
            #expect(try await codes("", viewer: DatasetViewer(agencyCode: "syt", isAuthenticated: true)).count == 5)
            #expect(try await codes("y te", viewer: DatasetViewer(isCoordinator: true)).first == "co-so-y-te")
            #expect(try await codes("dang ky ho kinh doa") == ["dang-ky-ho-kinh-doanh"], "the words begin words of the dataset")
            #expect(try await codes("ang ky").isEmpty, "the middle of a word is not a match")
            var renamed = try #require(try await store.dataset("ly-lich-tu-phap"))
            renamed.titleVi = "Phiếu lý lịch tư pháp số 1"
            try await store.update(renamed)
            #expect(try await codes("phieu ly lich") == ["ly-lich-tu-phap"], "a change re-indexes the words")

            let all = try await store.search(CatalogQuery(viewer: DatasetViewer(isCoordinator: true)))
            #expect(all.total == 5)
            #expect(all.facets.agencies == ["syt": 3, "stc": 1, "stp": 1])
            #expect(all.facets.themes["Y tế"] == 3 && all.facets.themes["Kinh doanh"] == 2)
            #expect(all.facets.sharingLevels["open"] == 3)
            let health = try await store.search(CatalogQuery(theme: "Y tế", viewer: DatasetViewer(isCoordinator: true)))
            #expect(health.total == 3)

            var seen: [String] = []
            var query = CatalogQuery(viewer: DatasetViewer(isCoordinator: true), limit: 2)
            repeat {
                let page = try await store.search(query)
                seen += page.datasets.map(\.code)
                query.after = page.next
            } while query.after != nil
            #expect(seen.sorted() == entries.map(\.0).sorted())
        }
    }

    @Test("the word index's ranges: the least text after every word with a prefix")
    func upperBounds() {
        #expect(SearchText.words("Sở Y tế — Hà Nội, 2025!") == ["so", "y", "te", "ha", "noi", "2025"])
        #expect(DatasetStore.upperBound("dan") == "dao")
        #expect(DatasetStore.upperBound("daz") == "db")
        #expect(DatasetStore.upperBound("a9") == "aa")
        #expect(DatasetStore.upperBound("zz") == nil)
    }
}
