import Foundation
import Lienthong
import LienthongTestSupport
import Logging
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

    /// Two nodes on one database: this node's store (agencies seeded) and another node's.
    static func withTwoNodes(_ kind: TestDatabase, _ body: (DatasetStore, DatasetStore) async throws -> Void) async throws {
        let place = try await kind.makeLocation()
        defer { Task { await place.cleanup() } }
        let here = try await Database.open(place.location, logger: Logger(label: "test.here"))
        let there = try await Database.open(place.location, logger: Logger(label: "test.there"))
        try await here.withRunning {
            try await there.withRunning {
                try await Migrator(database: here).migrate()
                let local = try await Self.seeded(here)
                let remote = DatasetStore(database: there)
                try await body(local, remote)
            }
        }
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

    @Test("the index finds words by prefix in byte order and numbers datasets by code")
    func wordIndex() {
        #expect(SearchText.words("Sở Y tế — Hà Nội, 2025!") == ["so", "y", "te", "ha", "noi", "2025"])
        #expect(SearchText.words(folded: SearchText.fold("Sở Y tế — Hà Nội, 2025!")) == SearchText.words("Sở Y tế — Hà Nội, 2025!"))
        let words = CatalogIndex.Words([("dan", 2), ("dao", 1), ("da", 0), ("dan", 0), ("d9", 3), ("zz", 4), ("dan", 2)])
        #expect(words.words == ["d9", "da", "dan", "dao", "zz"] && words.postings[2] == [0, 2])
        func found(_ prefix: String) -> [Int] { Array(words.beginning(with: prefix, capacity: 130)) }
        #expect(found("da") == [0, 1, 2] && found("dan") == [0, 2] && found("d") == [0, 1, 2, 3] && found("e").isEmpty && found("zzz").isEmpty)
        var all = OrdinalSet(capacity: 130, full: true)
        #expect(Array(all) == Array(0..<130), "a full set holds exactly its capacity")
        #expect(Array(OrdinalSet(capacity: 0, full: true)).isEmpty && Array(OrdinalSet(capacity: 64, full: true)).count == 64)
        var some = OrdinalSet(capacity: 130)
        for ordinal in [0, 64, 129] { some.insert(ordinal) }
        all.formIntersection(some)
        #expect(all == some && all.contains(64) && !all.contains(63))
        let index = CatalogIndex(
            revision: 1,
            rows: ["b-2", "a-1", "a"].map {
                CatalogIndex.Row(
                    id: $0, code: $0, ownerCode: "syt", status: "published", sharingLevel: "open", updateFrequency: "daily", titleFolded: $0)
            }, themes: [], words: [])
        #expect(index.columns.codes == ["a", "a-1", "b-2"] && index.ordinal(ofCode: "a-1") == 1 && index.ordinal(ofCode: "a-") == nil)
    }

    @Test("the index's lazy ranking, page after page, gives the order and the facets the definitions give, for random catalogs and queries")
    func rankingAgreesWithDefinition() {
        var generator = SeededRandom(seed: 11)
        let vocabulary = ["so", "y", "te", "song", "soc", "ha", "noi", "dan", "cu", "tet", "yen"]
        for _ in 0..<20 {
            let rows = (0..<150).map { number in
                let title = (0..<Int.random(in: 1...5, using: &generator)).map { _ in vocabulary.randomElement(using: &generator)! }
                    .joined(separator: " ")
                return CatalogIndex.Row(
                    id: "id-\(number)", code: number == 7 ? "so-y" : "d-\(number)", ownerCode: ["syt", "stc"].randomElement(using: &generator)!,
                    status: ["published", "draft"].randomElement(using: &generator)!,
                    sharingLevel: ["open", "private"].randomElement(using: &generator)!, updateFrequency: "daily", titleFolded: title)
            }
            let words = rows.map { row in SearchText.words(folded: row.titleFolded + " " + row.code).map { ($0, row.id) } }.flatMap { $0 }
            let themes = rows.flatMap { row in
                Set((0..<Int.random(in: 0...2, using: &generator)).map { _ in ["Y tế", "Dân cư", "Giáo dục"].randomElement(using: &generator)! })
                    .map { (datasetID: row.id, theme: $0) }
            }
            let index = CatalogIndex(revision: 1, rows: rows, themes: themes, words: words.map { (word: $0.0, datasetID: $0.1) })
            for _ in 0..<10 {
                let query = Array(Set((0..<Int.random(in: 0...2, using: &generator)).map { _ in vocabulary.randomElement(using: &generator)! }))
                    .sorted()
                let viewer = [DatasetViewer.anonymous, DatasetViewer(agencyCode: "syt", isAuthenticated: true)].randomElement(using: &generator)!
                // The definition: visible, every query word begins a word of the title or code; rank; then code.
                let matching = rows.filter { row in
                    let seen =
                        row.ownerCode == viewer.agencyCode || (row.status != "draft" && (row.sharingLevel != "private" || viewer.isAuthenticated))
                    let own = SearchText.words(folded: row.titleFolded + " " + row.code)
                    return seen && query.allSatisfy { word in own.contains { $0.hasPrefix(word) } }
                }
                let expected = matching.map { row -> (code: String, rank: Int) in
                    let title = SearchText.words(folded: row.titleFolded)
                    var rank = !query.isEmpty && query.allSatisfy { word in title.contains { $0.hasPrefix(word) } } ? 1 : 0
                    if !query.isEmpty && row.titleFolded.contains(query.joined(separator: " ")) { rank += 2 }
                    if !query.isEmpty && row.code == query.joined(separator: "-") { rank += 4 }
                    return (row.code, rank)
                }.sorted { ($1.rank, $0.code) < ($0.rank, $1.code) }
                // Facets over every match (counted by visiting the matches when few, by bit sets when many).
                let facets = index.search(CatalogQuery(viewer: viewer), words: query, limit: 1).facets
                func tally(_ values: [String]) -> [String: Int] { values.reduce(into: [:]) { $0[$1, default: 0] += 1 } }
                let matched = Set(matching.map(\.id))
                #expect(facets.agencies == tally(matching.map(\.ownerCode)) && facets.sharingLevels == tally(matching.map(\.sharingLevel)))
                #expect(facets.updateFrequencies == tally(matching.map(\.updateFrequency)))
                #expect(facets.themes == tally(themes.filter { matched.contains($0.datasetID) }.map(\.theme)), "query \(query)")
                var paged: [(code: String, rank: Int)] = []
                var catalogQuery = CatalogQuery(viewer: viewer, limit: Int.random(in: 1...9, using: &generator))
                while true {
                    let page = index.search(catalogQuery, words: query, limit: catalogQuery.limit)
                    #expect(page.total == expected.count)
                    paged += page.hits.map { ($0.code, $0.rank) }
                    guard page.hasMore, let last = page.hits.last else { break }
                    catalogQuery.after = CatalogCursor(rank: last.rank, code: last.code)
                }
                #expect(paged.map(\.code) == expected.map(\.code), "query \(query)")
                #expect(paged.map(\.rank) == expected.map(\.rank), "query \(query)")
            }
        }
    }

    @Test("a dataset another node creates or renames is found by this node's next search", arguments: TestDatabase.shareable)
    func otherNode(kind: TestDatabase) async throws {
        try await Self.withTwoNodes(kind) { local, remote in
            func codes(_ text: String) async throws -> [String] {
                try await local.search(CatalogQuery(text: text, viewer: DatasetViewer(isCoordinator: true))).datasets.map(\.code)
            }
            #expect(try await codes("").isEmpty)
            try await remote.create(Self.dataset("co-so-y-te", title: "Phòng khám đa khoa"), schema: Self.schema)
            #expect(try await codes("phong kham") == ["co-so-y-te"])
            var renamed = try #require(try await remote.dataset("co-so-y-te"))
            renamed.titleVi = "Bệnh viện công lập"
            renamed.themes = ["Y tế"]
            try await remote.update(renamed)
            #expect(try await codes("benh vien") == ["co-so-y-te"])
            #expect(try await codes("phong kham").isEmpty, "the old title's words are gone")
            #expect(try await local.search(CatalogQuery(theme: "Y tế", viewer: DatasetViewer(isCoordinator: true))).total == 1)
            try await remote.setStatus(.published, for: "co-so-y-te")
            #expect(try await local.search(CatalogQuery(text: "benh vien")).total == 1, "published: the public finds it")
        }
    }

    @Test(
        "a recently read dataset: a change through this node is seen at once, one made on another node within half a second",
        arguments: TestDatabase.shareable)
    func recentDataset(kind: TestDatabase) async throws {
        try await Self.withTwoNodes(kind) { local, remote in
            #expect(try await local.recentDataset("ho-tich") == nil)
            try await local.create(Self.dataset("ho-tich", title: "Hộ tịch"), schema: Self.schema)
            #expect(try await local.recentDataset("ho-tich")?.status == .draft, "an unknown dataset is not remembered")
            try await local.setStatus(.published, for: "ho-tich")
            #expect(try await local.recentDataset("ho-tich")?.status == .published, "this node's change is seen at once")
            var closed = try #require(try await remote.dataset("ho-tich"))
            closed.sharingLevel = .private
            try await remote.update(closed)
            // The local copy was read before the change, so it is gone half a second after it, however slow the
            // machine: a read begun later sees the change. (A bound on the time the polling took failed under load.)
            try await Task.sleep(for: .milliseconds(600))
            #expect(try await local.recentDataset("ho-tich")?.sharingLevel == .private, "another node's change held within half a second")
        }
    }
}
