import Foundation
import Lienthong
import SQLKit

/// Catalog publications: each one numbered after the last and written once, in one transaction with the
/// catalog it snapshots; the table refuses changes (migration 5).
public struct PublicationStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Snapshots the published open and shared datasets as the next publication. Two coordinators publishing
    /// at once on PostgreSQL may both pick the same number; the second then tries again with the next.
    public func publish(note: String, by publisher: String, at time: Date = Date()) async throws -> CatalogPublication {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping
        guard note.count <= 2_000 else { throw CatalogError.invalidFields(["note"]) }
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await publishOnce(note: note, by: publisher, at: time)
            } catch let error as StoreError where error.isDuplicate && attempt < 5 {
                continue
            }
        }
    }

    private func publishOnce(note: String, by publisher: String, at time: Date) async throws -> CatalogPublication {
        try await database.write { sql in
            let rows = try await sql.raw(
                """
                SELECT d.*, a.code AS owner_code, a.name_vi AS owner_name_vi, a.name_en AS owner_name_en, s.schema_json
                FROM datasets d JOIN agencies a ON a.id = d.owner_agency_id
                JOIN dataset_schemas s ON s.dataset_id = d.id AND s.version = d.schema_version
                WHERE d.status = 'published' AND d.sharing_level IN ('open', 'shared')
                ORDER BY d.code
                """
            ).all()
            let entries = try rows.map { row in
                let schema = try JSONDecoder().decode(TableSchema.self, from: Data(try row.decode(column: "schema_json", as: String.self).utf8))
                return PublicationEntry(
                    dataset: try DatasetStore.dataset(row), agencyNameVi: try row.decode(column: "owner_name_vi", as: String.self),
                    agencyNameEn: try row.decode(column: "owner_name_en", as: String.self), fields: schema.fields.map(\.name))
            }
            let last = try await sql.raw("SELECT MAX(number) AS last FROM catalog_publications").first()?.decode(column: "last", as: Int?.self)
            let publication = CatalogPublication(
                number: (last ?? 0) + 1, publishedAt: time, publishedBy: publisher, note: note, entries: entries)
            try await sql.raw(
                """
                INSERT INTO catalog_publications (number, published_at, published_by, note, dataset_count, entries_json, sha256)
                VALUES (\(bind: publication.number), \(bind: Timestamp.string(time)), \(bind: publisher), \(bind: note),
                    \(bind: entries.count), \(bind: String(decoding: CatalogPublication.canonicalJSON(publication.entries), as: UTF8.self)),
                    \(bind: publication.sha256))
                """
            ).run()
            return publication
        }
    }

    /// The publications, newest first, without their entries.
    public func summaries(limit: Int = 200) async throws -> [CatalogPublication.Summary] {
        try await database.read { sql in
            try await sql.raw(
                """
                SELECT number, published_at, published_by, note, dataset_count, sha256 FROM catalog_publications
                ORDER BY number DESC LIMIT \(bind: limit)
                """
            ).all().map { row in
                CatalogPublication.Summary(
                    number: try row.decode(column: "number", as: Int.self), publishedAt: try row.date("published_at"),
                    publishedBy: try row.decode(column: "published_by", as: String.self), note: try row.decode(column: "note", as: String.self),
                    datasetCount: try row.decode(column: "dataset_count", as: Int.self), sha256: try row.decode(column: "sha256", as: String.self))
            }
        }
    }

    /// One publication with its entries, or nil. Its digest is recomputed from the stored entries, so a copy
    /// edited in the database (with the triggers dropped) shows a digest that no longer matches the audit log.
    public func publication(_ number: Int) async throws -> CatalogPublication? {
        try await database.read { sql in
            guard
                let row = try await sql.raw(
                    "SELECT number, published_at, published_by, note, entries_json FROM catalog_publications WHERE number = \(bind: number)"
                ).first()
            else { return nil }
            let entries = try JSONDecoder().decode(
                [PublicationEntry].self, from: Data(try row.decode(column: "entries_json", as: String.self).utf8))
            return CatalogPublication(
                number: number, publishedAt: try row.date("published_at"), publishedBy: try row.decode(column: "published_by", as: String.self),
                note: try row.decode(column: "note", as: String.self), entries: entries)
        }
    }
}
