import Foundation
import Lienthong
import SQLKit

/// The catalog's datasets and their schema versions: the named reads and writes, each write one transaction.
public struct DatasetStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Adds a dataset as a draft with its first schema version.
    @discardableResult
    public func create(_ dataset: Dataset, schema: TableSchema) async throws -> Dataset {
        var dataset = Self.normalized(dataset)
        let problems = dataset.problems()
        guard problems.isEmpty else { throw CatalogError.invalidFields(problems) }
        let schemaProblems = schema.problems()
        guard schemaProblems.isEmpty else { throw CatalogError.invalidSchema(schemaProblems) }
        dataset.status = .draft
        dataset.schemaVersion = 1
        dataset.publishedAt = nil
        let stored = dataset
        try await database.write { sql in
            let ownerID = try await DirectoryStore.agencyID(sql, code: stored.ownerAgencyCode)
            try await sql.raw(
                """
                INSERT INTO datasets (id, code, owner_agency_id, title_vi, title_en, description_vi, description_en, themes,
                    keywords, sharing_level, update_frequency, legal_basis, licence, contact_name, contact_email, status,
                    schema_version, search_text, title_folded, created_at, updated_at, published_at)
                VALUES (\(bind: stored.id.lowercasedString), \(bind: stored.code), \(bind: ownerID), \(bind: stored.titleVi),
                    \(bind: stored.titleEn), \(bind: stored.descriptionVi), \(bind: stored.descriptionEn),
                    \(bind: Self.list(stored.themes)), \(bind: Self.list(stored.keywords)), \(bind: stored.sharingLevel.rawValue),
                    \(bind: stored.updateFrequency.rawValue), \(bind: stored.legalBasis), \(bind: stored.licence),
                    \(bind: stored.contactName), \(bind: stored.contactEmail), \(bind: stored.status.rawValue), 1,
                    \(bind: stored.searchText), \(bind: SearchText.fold(stored.titleVi + " " + stored.titleEn)),
                    \(bind: Timestamp.string(stored.createdAt)), \(bind: Timestamp.string(stored.updatedAt)), NULL)
                """
            ).run()
            try await Self.insertThemes(sql, datasetID: stored.id.lowercasedString, themes: stored.themes)
            try await Self.indexWords(sql, datasetID: stored.id.lowercasedString, text: stored.searchText)
            try await Self.insertSchema(sql, datasetID: stored.id.lowercasedString, version: 1, schema: schema, breaking: false)
        }
        database.recentDatasets.forget()
        return dataset
    }

    /// Changes a dataset's metadata (not its code, owner, status or schema).
    @discardableResult
    public func update(_ dataset: Dataset) async throws -> Dataset {
        var dataset = Self.normalized(dataset)
        let problems = dataset.problems()
        guard problems.isEmpty else { throw CatalogError.invalidFields(problems) }
        dataset.updatedAt = Date()
        let stored = dataset
        try await database.write { sql in
            let updated = try await sql.raw(
                """
                UPDATE datasets SET title_vi = \(bind: stored.titleVi), title_en = \(bind: stored.titleEn),
                    description_vi = \(bind: stored.descriptionVi), description_en = \(bind: stored.descriptionEn),
                    themes = \(bind: Self.list(stored.themes)), keywords = \(bind: Self.list(stored.keywords)),
                    sharing_level = \(bind: stored.sharingLevel.rawValue), update_frequency = \(bind: stored.updateFrequency.rawValue),
                    legal_basis = \(bind: stored.legalBasis), licence = \(bind: stored.licence),
                    contact_name = \(bind: stored.contactName), contact_email = \(bind: stored.contactEmail),
                    search_text = \(bind: stored.searchText), title_folded = \(bind: SearchText.fold(stored.titleVi + " " + stored.titleEn)),
                    updated_at = \(bind: Timestamp.string(stored.updatedAt))
                WHERE id = \(bind: stored.id.lowercasedString) RETURNING id
                """
            ).all()
            guard !updated.isEmpty else { throw CatalogError.unknownDataset(stored.code) }
            try await sql.raw("DELETE FROM dataset_themes WHERE dataset_id = \(bind: stored.id.lowercasedString)").run()
            try await Self.insertThemes(sql, datasetID: stored.id.lowercasedString, themes: stored.themes)
            try await Self.indexWords(sql, datasetID: stored.id.lowercasedString, text: stored.searchText)
        }
        database.recentDatasets.forget()
        return dataset
    }

    /// Gives a dataset a new schema version; returns the version and whether the change breaks readers of the old one.
    public func setSchema(_ schema: TableSchema, for code: String) async throws -> (version: Int, breaking: Bool) {
        let problems = schema.problems()
        guard problems.isEmpty else { throw CatalogError.invalidSchema(problems) }
        defer { database.recentDatasets.forget() }
        return try await database.write { sql in
            guard let dataset = try await Self.dataset(sql, code: code) else { throw CatalogError.unknownDataset(code) }
            let current = try await Self.schema(sql, datasetID: dataset.id.lowercasedString, version: dataset.schemaVersion)
            let breaking = current.map { schema.isBreakingChange(from: $0) } ?? false
            let version = dataset.schemaVersion + 1
            try await Self.insertSchema(sql, datasetID: dataset.id.lowercasedString, version: version, schema: schema, breaking: breaking)
            try await sql.raw(
                """
                UPDATE datasets SET schema_version = \(bind: version), updated_at = \(bind: Timestamp.string(Date()))
                WHERE id = \(bind: dataset.id.lowercasedString)
                """
            ).run()
            return (version, breaking)
        }
    }

    /// Moves a dataset to `status` (draft → published → retired, and back to published).
    @discardableResult
    public func setStatus(_ status: DatasetStatus, for code: String) async throws -> Dataset {
        defer { database.recentDatasets.forget() }
        return try await database.write { sql in
            guard var dataset = try await Self.dataset(sql, code: code) else { throw CatalogError.unknownDataset(code) }
            guard dataset.status.canMove(to: status) else { throw CatalogError.transition(from: dataset.status, to: status) }
            let now = Date()
            dataset.status = status
            dataset.updatedAt = now
            if status == .published { dataset.publishedAt = now }
            try await sql.raw(
                """
                UPDATE datasets SET status = \(bind: status.rawValue), updated_at = \(bind: Timestamp.string(now)),
                    published_at = \(bind: Timestamp.string(dataset.publishedAt))
                WHERE id = \(bind: dataset.id.lowercasedString)
                """
            ).run()
            return dataset
        }
    }

    /// The dataset with `code` (or, when `code` is a UUID, that id), or nil.
    public func dataset(_ codeOrID: String) async throws -> Dataset? {
        try await database.read { sql in try await Self.dataset(sql, code: codeOrID) }
    }

    /// The dataset as this node read it less than half a second ago, else `dataset(_:)`: for hot reads that may
    /// see a change made on another node that late (a change made through this node is seen at once).
    public func recentDataset(_ codeOrID: String) async throws -> Dataset? {
        try await database.recentDatasets.valueIfFound(for: codeOrID) { try await dataset(codeOrID) }
    }

    /// A schema version of a dataset (the newest when `version` is nil).
    public func schema(of dataset: Dataset, version: Int? = nil) async throws -> TableSchema {
        let wanted = version ?? dataset.schemaVersion
        let key = "\(dataset.id.lowercasedString)#\(wanted)"
        if let cached = database.cachedSchema(key) { return cached }
        let found = try await database.read { sql in try await Self.schema(sql, datasetID: dataset.id.lowercasedString, version: wanted) }
        guard let found else { throw CatalogError.unknownVersion(wanted) }
        database.cacheSchema(found, for: key)
        return found
    }

    /// The versions of a dataset's schema, oldest first, with whether each broke its predecessor.
    public func schemaVersions(of dataset: Dataset) async throws -> [(version: Int, breaking: Bool, createdAt: Date)] {
        try await database.read { sql in
            try await sql.raw(
                "SELECT version, breaking, created_at FROM dataset_schemas WHERE dataset_id = \(bind: dataset.id.lowercasedString) ORDER BY version"
            ).all().map {
                (try $0.decode(column: "version", as: Int.self), try $0.decode(column: "breaking", as: Int.self) != 0, try $0.date("created_at"))
            }
        }
    }

    static func normalized(_ dataset: Dataset) -> Dataset {
        var dataset = dataset
        func clean(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines).precomposedStringWithCanonicalMapping }
        dataset.titleVi = clean(dataset.titleVi)
        dataset.titleEn = clean(dataset.titleEn)
        dataset.descriptionVi = clean(dataset.descriptionVi)
        dataset.descriptionEn = clean(dataset.descriptionEn)
        dataset.themes = Array(Set(dataset.themes.map(clean).filter { !$0.isEmpty })).sorted()
        dataset.keywords = dataset.keywords.map(clean).filter { !$0.isEmpty }
        dataset.legalBasis = clean(dataset.legalBasis)
        dataset.contactName = clean(dataset.contactName)
        dataset.contactEmail = clean(dataset.contactEmail)
        return dataset
    }

    /// Lists are stored one item per line (items never hold a newline).
    static func list(_ items: [String]) -> String {
        items.map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n")
    }

    static func unlist(_ text: String) -> [String] {
        text.isEmpty ? [] : text.split(separator: "\n").map(String.init)
    }

    static func insertThemes(_ sql: any SQLDatabase, datasetID: String, themes: [String]) async throws {
        for theme in themes {
            try await sql.raw("INSERT INTO dataset_themes (dataset_id, theme) VALUES (\(bind: datasetID), \(bind: theme))").run()
        }
    }

    /// Replaces a dataset's words in the word index.
    static func indexWords(_ sql: any SQLDatabase, datasetID: String, text: String) async throws {
        try await sql.raw("DELETE FROM dataset_words WHERE dataset_id = \(bind: datasetID)").run()
        let words = SearchText.words(text).prefix(1_000)
        guard !words.isEmpty else { return }
        let rows = words.map { "(\(bind: $0), \(bind: datasetID))" as SQLQueryString }
        try await sql.raw("INSERT INTO dataset_words (word, dataset_id) VALUES " + rows.joined(separator: ", ")).run()
    }

    /// Rebuilds the word index of every dataset from its stored searchable text (migration 6, and tools that
    /// write datasets' rows directly, such as the benchmarks).
    public static func indexAllWords(_ sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM dataset_words").run()
        for row in try await sql.raw("SELECT id, search_text FROM datasets").all() {
            try await indexWords(
                sql, datasetID: try row.decode(column: "id", as: String.self), text: try row.decode(column: "search_text", as: String.self))
        }
    }

    static func insertSchema(_ sql: any SQLDatabase, datasetID: String, version: Int, schema: TableSchema, breaking: Bool) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(schema), as: UTF8.self)
        try await sql.raw(
            """
            INSERT INTO dataset_schemas (dataset_id, version, schema_json, breaking, created_at)
            VALUES (\(bind: datasetID), \(bind: version), \(bind: json), \(bind: breaking ? 1 : 0), \(bind: Timestamp.string(Date())))
            """
        ).run()
    }

    static func schema(_ sql: any SQLDatabase, datasetID: String, version: Int) async throws -> TableSchema? {
        guard
            let row = try await sql.raw(
                "SELECT schema_json FROM dataset_schemas WHERE dataset_id = \(bind: datasetID) AND version = \(bind: version)"
            ).first()
        else { return nil }
        return try JSONDecoder().decode(TableSchema.self, from: Data(try row.decode(column: "schema_json", as: String.self).utf8))
    }

    static let datasetSelect = """
        SELECT d.*, a.code AS owner_code FROM datasets d JOIN agencies a ON a.id = d.owner_agency_id
        """

    static func dataset(_ sql: any SQLDatabase, code: String) async throws -> Dataset? {
        let column = UUID(uuidString: code) != nil ? "d.id" : "d.code"
        let key = UUID(uuidString: code)?.lowercasedString ?? code
        return try await sql.raw("\(unsafeRaw: datasetSelect) WHERE \(unsafeRaw: column) = \(bind: key)").first().map(dataset)
    }

    static func dataset(_ row: any SQLRow) throws -> Dataset {
        func text(_ column: String) throws -> String { try row.decode(column: column, as: String.self) }
        return Dataset(
            id: try row.uuid("id"), code: try text("code"), ownerAgencyCode: try text("owner_code"), titleVi: try text("title_vi"),
            titleEn: try text("title_en"), descriptionVi: try text("description_vi"), descriptionEn: try text("description_en"),
            themes: unlist(try text("themes")), keywords: unlist(try text("keywords")),
            sharingLevel: SharingLevel(rawValue: try text("sharing_level")) ?? .private,
            updateFrequency: UpdateFrequency(rawValue: try text("update_frequency")) ?? .irregular, legalBasis: try text("legal_basis"),
            licence: try text("licence"), contactName: try text("contact_name"), contactEmail: try text("contact_email"),
            status: DatasetStatus(rawValue: try text("status")) ?? .draft, schemaVersion: try row.decode(column: "schema_version", as: Int.self),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"), publishedAt: try row.optionalDate("published_at"))
    }
}
