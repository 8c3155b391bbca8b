import Foundation
import Lienthong
import SQLKit

/// A catalog search: words (without diacritics or case), filters, who is looking, and a page.
public struct CatalogQuery: Sendable, Hashable {
    public var text: String
    public var agencyCode: String?
    public var theme: String?
    public var sharingLevel: SharingLevel?
    public var updateFrequency: UpdateFrequency?
    public var status: DatasetStatus?
    public var viewer: DatasetViewer
    public var limit: Int
    /// The sort key after which the page starts (from the previous page's cursor).
    public var after: CatalogCursor?

    public init(
        text: String = "", agencyCode: String? = nil, theme: String? = nil, sharingLevel: SharingLevel? = nil,
        updateFrequency: UpdateFrequency? = nil, status: DatasetStatus? = nil, viewer: DatasetViewer = .anonymous, limit: Int = 100,
        after: CatalogCursor? = nil
    ) {
        self.text = text
        self.agencyCode = agencyCode
        self.theme = theme
        self.sharingLevel = sharingLevel
        self.updateFrequency = updateFrequency
        self.status = status
        self.viewer = viewer
        self.limit = limit
        self.after = after
    }
}

/// Where a page of search results ends: its last dataset's rank and code.
public struct CatalogCursor: Sendable, Hashable {
    public var rank: Int
    public var code: String

    public init(rank: Int, code: String) {
        self.rank = rank
        self.code = code
    }

    /// `rank:code`, as the API's opaque cursor carries it.
    public var text: String { "\(rank):\(code)" }

    public init?(text: String) {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let rank = Int(parts[0]) else { return nil }
        self.init(rank: rank, code: String(parts[1]))
    }
}

/// One page of a catalog search, with facet counts over all matches.
public struct CatalogResults: Sendable {
    public var datasets: [Dataset]
    public var ranks: [Int]
    public var total: Int
    public var facets: CatalogFacets
    public var next: CatalogCursor?
}

/// How many matching datasets each agency, theme, sharing level and update frequency has.
public struct CatalogFacets: Sendable, Hashable {
    public var agencies: [String: Int] = [:]
    public var themes: [String: Int] = [:]
    public var sharingLevels: [String: Int] = [:]
    public var updateFrequencies: [String: Int] = [:]
}

extension DatasetStore {
    /// Searches the catalog. Every word must begin a word of the code, titles, descriptions, themes or keywords;
    /// the dataset whose code is the query ranks first, then datasets whose title holds the whole query, then
    /// those whose title has every word (`CatalogIndex`). The index is kept in memory and rebuilt when the
    /// catalog's revision has moved; the page's datasets are then read from the database.
    public func search(_ query: CatalogQuery) async throws -> CatalogResults {
        let words = Array(SearchText.words(query.text).prefix(10))
        let limit = max(1, min(query.limit, 10_000))
        let index = try await catalogIndex()
        let page = index.search(query, words: words, limit: limit)
        let found = try await datasets(ids: page.hits.map { $0.id })
        var datasets: [Dataset] = []
        var ranks: [Int] = []
        for hit in page.hits {
            guard let dataset = found[hit.id] else { continue }
            datasets.append(dataset)
            ranks.append(hit.rank)
        }
        let next = page.hasMore ? page.hits.last.map { CatalogCursor(rank: $0.rank, code: $0.code) } : nil
        return CatalogResults(datasets: datasets, ranks: ranks, total: page.total, facets: page.facets, next: next)
    }

    /// The search index as of the catalog's current revision.
    func catalogIndex() async throws -> CatalogIndex {
        let revision = try await database.read(Self.catalogRevision)
        let dialect = database.dialect
        return try await database.catalogIndex.index(atLeast: revision) { [database] in
            try await database.snapshot { sql in
                let revision = try await Self.catalogRevision(sql)
                let rows = try await sql.raw(
                    """
                    SELECT d.id, d.code, a.code AS owner_code, d.status, d.sharing_level, d.update_frequency, d.title_folded
                    FROM datasets d JOIN agencies a ON a.id = d.owner_agency_id
                    """
                ).all().map { row in
                    CatalogIndex.Row(
                        id: try row.decode(column: "id", as: String.self), code: try row.decode(column: "code", as: String.self),
                        ownerCode: try row.decode(column: "owner_code", as: String.self), status: try row.decode(column: "status", as: String.self),
                        sharingLevel: try row.decode(column: "sharing_level", as: String.self),
                        updateFrequency: try row.decode(column: "update_frequency", as: String.self),
                        titleFolded: try row.decode(column: "title_folded", as: String.self))
                }
                let themes = try await sql.raw("SELECT dataset_id, theme FROM dataset_themes").all().map { row in
                    (datasetID: try row.decode(column: "dataset_id", as: String.self), theme: try row.decode(column: "theme", as: String.self))
                }
                // One row per dataset with its words joined by spaces (words hold letters and digits only): a tenth of
                // the rows to decode.
                let joined: SQLQueryString = dialect == .postgres ? "string_agg(word, ' ')" : "group_concat(word, ' ')"
                var words: [(word: String, datasetID: String)] = []
                for row in try await sql.raw("SELECT dataset_id, " + joined + " AS words FROM dataset_words GROUP BY dataset_id").all() {
                    let id = try row.decode(column: "dataset_id", as: String.self)
                    for word in try row.decode(column: "words", as: String.self).split(separator: " ") { words.append((String(word), id)) }
                }
                return CatalogIndex(revision: revision, rows: rows, themes: themes, words: words)
            }
        }
    }

    /// The catalog's revision (0 before its first change).
    static func catalogRevision(_ sql: any SQLDatabase) async throws -> Int64 {
        try await sql.raw("SELECT revision FROM catalog_state WHERE id = 1").first()?.decode(column: "revision", as: Int64.self) ?? 0
    }

    /// The datasets with these ids, by id, read in chunks of 500.
    func datasets(ids: [String]) async throws -> [String: Dataset] {
        guard !ids.isEmpty else { return [:] }
        return try await database.read { sql in
            var found: [String: Dataset] = [:]
            for start in stride(from: 0, to: ids.count, by: 500) {
                let chunk = ids[start..<min(ids.count, start + 500)].map { "\(bind: $0)" as SQLQueryString }
                let rows = try await sql.raw("\(unsafeRaw: Self.datasetSelect) WHERE d.id IN (" + chunk.joined(separator: ", ") + ")").all()
                for row in rows { found[try row.decode(column: "id", as: String.self)] = try Self.dataset(row) }
            }
            return found
        }
    }

    /// Every dataset the query matches, page after page of 1,000 (for the DCAT export and CKAN's lists), in
    /// search order, with its rank.
    public func searchAll(_ query: CatalogQuery) async throws -> [(dataset: Dataset, rank: Int)] {
        var query = query
        query.limit = 1_000
        query.after = nil
        var found: [(dataset: Dataset, rank: Int)] = []
        while true {
            let results = try await search(query)
            found += zip(results.datasets, results.ranks).map { ($0, $1) }
            guard let next = results.next else { return found }
            query.after = next
        }
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
