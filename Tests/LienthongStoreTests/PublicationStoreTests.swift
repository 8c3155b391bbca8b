import Foundation
import Lienthong
import LienthongStore
import LienthongTestSupport
import Testing

@Suite("Catalog publications")
struct PublicationStoreTests {
    static let schema = TableSchema(fields: [SchemaField(name: "ma", type: .string)], primaryKey: ["ma"])

    @Test("publications are numbered snapshots of published open and shared datasets; two compare", arguments: TestDatabase.available)
    func publishAndCompare(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            try await DirectoryStore(database: database).createAgency(Agency(code: "syt", nameVi: "Sở Y tế", nameEn: "Health", kind: .department))
            let datasets = DatasetStore(database: database)
            for (code, level) in [("mo", SharingLevel.open), ("chung", .shared), ("rieng", .private), ("nhap", .open)] {
                try await datasets.create(
                    Dataset(code: code, ownerAgencyCode: "syt", titleVi: "Dữ liệu \(code)", titleEn: code, sharingLevel: level), schema: Self.schema)
                if code != "nhap" { try await datasets.setStatus(.published, for: code) }
            }
            let store = PublicationStore(database: database)
            let first = try await store.publish(note: "  Lần đầu ", by: "admin")
            #expect(first.number == 1 && first.note == "Lần đầu")
            #expect(first.entries.map(\.code) == ["chung", "mo"], "drafts and private datasets are not in the catalog of shared data")
            #expect(first.entries.first?.ownerAgencyNameVi == "Sở Y tế" && first.entries.first?.fields == ["ma"])

            try await datasets.setStatus(.published, for: "nhap")
            try await datasets.setStatus(.retired, for: "chung")
            var changed = try #require(try await datasets.dataset("mo"))
            changed.titleVi = "Dữ liệu mở"
            try await datasets.update(changed)
            let second = try await store.publish(note: "", by: "admin")
            #expect(second.number == 2)
            let comparison = PublicationComparison(from: first, to: second)
            #expect(comparison.added.map(\.code) == ["nhap"] && comparison.removed.map(\.code) == ["chung"])
            #expect(comparison.changed.map(\.code) == ["mo"])
            #expect(comparison.changed.first?.changes == [.init(attribute: "titleVi", from: "Dữ liệu mo", to: "Dữ liệu mở")])

            var stored = try #require(try await store.publication(1))
            #expect(abs(stored.publishedAt.timeIntervalSince(first.publishedAt)) < 0.001, "times are stored to the millisecond")
            stored.publishedAt = first.publishedAt
            #expect(stored == first, "a publication reads back as it was made, digest included")
            #expect(try await store.summaries().map(\.number) == [2, 1])
            #expect(try await store.publication(3) == nil)
        }
    }

    @Test("a publication cannot be changed or deleted; an edit behind the triggers shows in its digest", arguments: TestDatabase.available)
    func immutable(kind: TestDatabase) async throws {
        try await kind.withDatabase { database in
            try await DirectoryStore(database: database).createAgency(Agency(code: "syt", nameVi: "Sở Y tế", nameEn: "Health", kind: .department))
            try await DatasetStore(database: database).create(
                Dataset(code: "mo", ownerAgencyCode: "syt", titleVi: "Mở", titleEn: "Open", sharingLevel: .open), schema: Self.schema)
            try await DatasetStore(database: database).setStatus(.published, for: "mo")
            let store = PublicationStore(database: database)
            let publication = try await store.publish(note: "", by: "admin")
            #expect(publication.entries.count == 1)
            await #expect(throws: (any Error).self) {
                try await AuditTampering.run(database, ["UPDATE catalog_publications SET note = 'x'"])
            }
            await #expect(throws: (any Error).self) { try await AuditTampering.run(database, ["DELETE FROM catalog_publications"]) }
            try await AuditTampering.run(
                database,
                kind == .postgres
                    ? ["DROP TRIGGER catalog_publications_immutable ON catalog_publications"]
                    : ["DROP TRIGGER catalog_publications_no_update"])
            try await AuditTampering.run(database, [#"UPDATE catalog_publications SET entries_json = '[]'"#])
            let edited = try #require(try await store.publication(publication.number))
            #expect(edited.entries.isEmpty && edited.sha256 != publication.sha256, "the digest in the audit log no longer matches")
        }
    }
}
