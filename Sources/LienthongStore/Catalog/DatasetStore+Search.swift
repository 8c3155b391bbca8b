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
    /// Searches the catalog. Every word must appear in the code, titles, descriptions, themes or keywords;
    /// datasets whose title holds the whole query rank first, then those whose title holds every word.
    public func search(_ query: CatalogQuery) async throws -> CatalogResults {
        let words = SearchText.words(query.text).prefix(10)
        let phrase = words.joined(separator: " ")
        var conditions: [SQLQueryString] = [Self.visibility(query.viewer)]
        // Every word must begin a word of the dataset: ranges on the word index, which both databases answer by
        // index. The search starts from the rarest word's datasets; the other words are checked per dataset.
        let driver = try await rarest(Array(words))
        for word in words where word != driver {
            conditions.append("EXISTS (SELECT 1 FROM dataset_words w WHERE w.dataset_id = d.id AND " + Self.range(word) + ")")
        }
        let source: SQLQueryString =
            driver.map { "(SELECT DISTINCT dataset_id FROM dataset_words w WHERE " + Self.range($0) + ") m JOIN datasets d ON d.id = m.dataset_id" }
            ?? "datasets d"
        if let value = query.agencyCode { conditions.append("a.code = \(bind: value)") }
        if let value = query.theme {
            conditions.append("d.id IN (SELECT dataset_id FROM dataset_themes WHERE theme = \(bind: value))")
        }
        if let value = query.sharingLevel { conditions.append("d.sharing_level = \(bind: value.rawValue)") }
        if let value = query.updateFrequency { conditions.append("d.update_frequency = \(bind: value.rawValue)") }
        if let value = query.status { conditions.append("d.status = \(bind: value.rawValue)") }
        let matching: SQLQueryString = " WHERE " + conditions.joined(separator: " AND ")

        var rank: SQLQueryString = "0"
        if !words.isEmpty {
            let titleHasAll = words.map { "d.title_folded LIKE \(bind: "%" + Self.escapeLike($0) + "%") ESCAPE '\\'" as SQLQueryString }
            rank =
                "(CASE WHEN d.title_folded LIKE \(bind: "%" + Self.escapeLike(phrase) + "%") ESCAPE '\\' THEN 2 ELSE 0 END"
                + " + CASE WHEN " + titleHasAll.joined(separator: " AND ") + " THEN 1 ELSE 0 END"
                + " + CASE WHEN d.code = \(bind: phrase.replacingOccurrences(of: " ", with: "-")) THEN 4 ELSE 0 END)"
        }
        var pageConditions = matching
        if let after = query.after {
            pageConditions += " AND (" + rank + " < \(bind: after.rank) OR (" + rank + " = \(bind: after.rank) AND d.code > \(bind: after.code)))"
        }
        let limit = max(1, min(query.limit, 10_000))
        let pageQuery: SQLQueryString =
            "SELECT d.*, a.code AS owner_code, " + rank + " AS rank FROM " + source + " JOIN agencies a ON a.id = d.owner_agency_id"
            + pageConditions + " ORDER BY rank DESC, d.code LIMIT \(bind: limit + 1)"
        let from: SQLQueryString = " FROM " + source + " JOIN agencies a ON a.id = d.owner_agency_id" + matching
        return try await database.read { sql in
            let rows = try await sql.raw(pageQuery).all()
            var datasets = try rows.map(Self.dataset)
            var ranks = try rows.map { try $0.decode(column: "rank", as: Int.self) }
            var next: CatalogCursor?
            if datasets.count > limit {
                datasets.removeLast()
                ranks.removeLast()
                next = CatalogCursor(rank: ranks[limit - 1], code: datasets[limit - 1].code)
            }
            var facets = CatalogFacets()
            let total = try await sql.raw("SELECT COUNT(*) AS n" + from).first()?.decode(column: "n", as: Int.self) ?? 0
            for (column, keyPath) in [
                ("a.code", \CatalogFacets.agencies), ("d.sharing_level", \CatalogFacets.sharingLevels),
                ("d.update_frequency", \CatalogFacets.updateFrequencies),
            ] {
                let grouped: SQLQueryString =
                    "SELECT \(unsafeRaw: column) AS value, COUNT(*) AS n" + from + " GROUP BY \(unsafeRaw: column)"
                for row in try await sql.raw(grouped).all() {
                    facets[keyPath: keyPath][try row.decode(column: "value", as: String.self)] = try row.decode(column: "n", as: Int.self)
                }
            }
            let themes: SQLQueryString =
                "SELECT t.theme AS value, COUNT(*) AS n FROM dataset_themes t WHERE t.dataset_id IN (SELECT d.id" + from
                + ") GROUP BY t.theme"
            for row in try await sql.raw(themes).all() {
                facets.themes[try row.decode(column: "value", as: String.self)] = try row.decode(column: "n", as: Int.self)
            }
            return CatalogResults(datasets: datasets, ranks: ranks, total: total, facets: facets, next: next)
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

    /// The SQL condition for what `viewer` may see (see `DatasetViewer`).
    static func visibility(_ viewer: DatasetViewer) -> SQLQueryString {
        if viewer.isCoordinator { return "1 = 1" }
        let levels: SQLQueryString = viewer.isAuthenticated ? "1 = 1" : "d.sharing_level IN ('open', 'shared')"
        let visible: SQLQueryString = "(d.status <> 'draft' AND " + levels + ")"
        guard let agency = viewer.agencyCode else { return visible }
        return "(" + visible + " OR a.code = \(bind: agency))"
    }

    /// `w.word` within the words that begin with `prefix`.
    static func range(_ prefix: String) -> SQLQueryString {
        var range: SQLQueryString = "w.word >= \(bind: prefix)"
        if let upper = upperBound(prefix) { range += " AND w.word < \(bind: upper)" }
        return range
    }

    /// The word of `words` that begins the fewest dataset words (counted up to 1,000 each, so a common word
    /// costs no more than a rare one), or nil when there are none.
    func rarest(_ words: [String]) async throws -> String? {
        guard words.count > 1 else { return words.first }
        return try await database.read { sql in
            var best: (word: String, count: Int)?
            for word in words {
                let count =
                    try await sql.raw(
                        "SELECT COUNT(*) AS n FROM (SELECT 1 FROM dataset_words w WHERE " + Self.range(word) + " LIMIT 1000) capped"
                    ).first()?.decode(column: "n", as: Int.self) ?? 0
                if count < best?.count ?? Int.max { best = (word, count) }
                if count == 0 { break }
            }
            return best?.word
        }
    }

    /// The least text greater than every word that begins with `prefix` (nil: none), for a range on the index.
    /// Only letters and digits occur in words; digits sort before letters, so "9" is followed by "a".
    static func upperBound(_ prefix: String) -> String? {
        var scalars = Array(prefix.unicodeScalars)
        while let last = scalars.last, last == "z" { scalars.removeLast() }
        guard let last = scalars.popLast() else { return nil }
        let next: Unicode.Scalar = last == "9" ? "a" : Unicode.Scalar(last.value + 1) ?? last
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars + [next])
        return text
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
