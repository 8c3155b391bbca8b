import Lienthong

/// The catalog's search index in memory, as of one catalog revision: every dataset's folded words and title words
/// as posting lists, and what the filters and facets need. A search intersects the words' postings as bit sets,
/// then walks the matches once for visibility, filters, facets and rank, so a common word over 100,000 datasets
/// costs milliseconds instead of one SQL pass per facet. Datasets are numbered by code (byte order), so a
/// walk in number order is already in the tie-break order of the results.
struct CatalogIndex: Sendable {
    /// Each dataset's attributes by its number, in flat arrays (values as positions in the index's value lists), so
    /// the walk over thousands of matches reads plain numbers and bytes.
    struct Columns: Sendable {
        var ids: [String] = []
        var codes: [String] = []
        var agency: [Int32] = []
        var status: [Int32] = []
        var sharingLevel: [Int32] = []
        var updateFrequency: [Int32] = []
        /// The themes of dataset `n` are `themes[themeStart[n]..<themeStart[n + 1]]`.
        var themeStart: [Int] = [0]
        var themes: [Int32] = []
        /// The folded titles of dataset `n` are the bytes `titles[titleStart[n]..<titleStart[n + 1]]`.
        var titleStart: [Int] = [0]
        var titles: [UInt8] = []
    }

    /// A word list in byte order with each word's datasets, for prefix lookups.
    struct Words: Sendable {
        var words: [String] = []
        var postings: [[Int32]] = []

        init(_ pairs: [(word: String, ordinal: Int32)]) {
            var byWord: [String: [Int32]] = [:]
            for pair in pairs { byWord[pair.word, default: []].append(pair.ordinal) }
            words = byWord.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            postings = words.map { word in
                var seen = Int32(-1)
                return byWord[word, default: []].sorted().filter { ordinal in
                    defer { seen = ordinal }
                    return ordinal != seen
                }
            }
        }

        /// The datasets that have a word beginning with `prefix`.
        func beginning(with prefix: String, capacity: Int) -> OrdinalSet {
            var low = 0
            var high = words.count
            while low < high {
                let middle = (low + high) / 2
                if words[middle].utf8.lexicographicallyPrecedes(prefix.utf8) { low = middle + 1 } else { high = middle }
            }
            var found = OrdinalSet(capacity: capacity)
            while low < words.count, words[low].utf8.starts(with: prefix.utf8) {
                for ordinal in postings[low] { found.insert(Int(ordinal)) }
                low += 1
            }
            return found
        }
    }

    /// The values an attribute takes, each once; the columns hold their positions.
    struct Values: Sendable {
        private(set) var names: [String] = []
        private var positions: [String: Int32] = [:]

        mutating func position(of name: String) -> Int32 {
            if let known = positions[name] { return known }
            names.append(name)
            positions[name] = Int32(names.count - 1)
            return Int32(names.count - 1)
        }

        func position(ofKnown name: String) -> Int32? { positions[name] }
    }

    /// A dataset as read from the database, before numbering.
    struct Row: Sendable {
        let id: String
        let code: String
        let ownerCode: String
        let status: String
        let sharingLevel: String
        let updateFrequency: String
        let titleFolded: String
    }

    let revision: Int64
    let columns: Columns
    let words: Words
    let titleWords: Words
    let agencies: Values
    let statuses: Values
    let sharingLevels: Values
    let updateFrequencies: Values
    let themes: Values

    /// Builds the index from every dataset, its themes and its indexed words (`dataset_words`).
    init(
        revision: Int64, rows: [Row], themes datasetThemes: [(datasetID: String, theme: String)],
        words datasetWords: [(word: String, datasetID: String)]
    ) {
        self.revision = revision
        let sorted = rows.sorted { $0.code.utf8.lexicographicallyPrecedes($1.code.utf8) }
        var ordinals: [String: Int32] = [:]
        for (ordinal, row) in sorted.enumerated() { ordinals[row.id] = Int32(ordinal) }
        var themes = Values()
        var themesOf: [[Int32]] = Array(repeating: [], count: sorted.count)
        for pair in datasetThemes {
            guard let ordinal = ordinals[pair.datasetID] else { continue }
            themesOf[Int(ordinal)].append(themes.position(of: pair.theme))
        }
        var (agencies, statuses, levels, frequencies) = (Values(), Values(), Values(), Values())
        var titlePairs: [(word: String, ordinal: Int32)] = []
        var columns = Columns()
        for (ordinal, row) in sorted.enumerated() {
            columns.ids.append(row.id)
            columns.codes.append(row.code)
            columns.agency.append(agencies.position(of: row.ownerCode))
            columns.status.append(statuses.position(of: row.status))
            columns.sharingLevel.append(levels.position(of: row.sharingLevel))
            columns.updateFrequency.append(frequencies.position(of: row.updateFrequency))
            columns.themes += themesOf[ordinal]
            columns.themeStart.append(columns.themes.count)
            columns.titles += row.titleFolded.utf8
            columns.titleStart.append(columns.titles.count)
            for word in Self.words(ofFolded: row.titleFolded) { titlePairs.append((word, Int32(ordinal))) }
        }
        self.columns = columns
        self.words = Words(datasetWords.compactMap { pair in ordinals[pair.datasetID].map { (pair.word, $0) } })
        self.titleWords = Words(titlePairs)
        self.agencies = agencies
        self.statuses = statuses
        self.sharingLevels = levels
        self.updateFrequencies = frequencies
        self.themes = themes
    }

    /// The words of text already folded, as `SearchText.words` makes them.
    static func words(ofFolded text: String) -> [String] {
        var seen: Set<String> = []
        return text.split { !($0.isLetter || $0.isNumber) }.map { String($0.prefix(64)) }.filter { seen.insert($0).inserted }
    }

    /// One page of results: the datasets' ids in order with their ranks, whether more follow, how many match in
    /// all, and the facets over every match.
    struct Page: Sendable {
        var hits: [(id: String, code: String, rank: Int)] = []
        var hasMore = false
        var total = 0
        var facets = CatalogFacets()
    }

    /// Every word of the query must begin a word of the dataset (code, titles, descriptions, themes, keywords).
    /// Rank: 4 when the code is the query with hyphens, 2 when the title holds the whole query, 1 when every word
    /// begins a word of the title; then by code.
    func search(_ query: CatalogQuery, words: [String], limit: Int) -> Page {
        let capacity = columns.ids.count
        var candidates = OrdinalSet(capacity: capacity, full: words.isEmpty)
        var titleHasAll = OrdinalSet(capacity: capacity)
        for (index, word) in words.enumerated() {
            let found = self.words.beginning(with: word, capacity: capacity)
            let inTitle = titleWords.beginning(with: word, capacity: capacity)
            if index == 0 {
                candidates = found
                titleHasAll = inTitle
            } else {
                candidates.formIntersection(found)
                titleHasAll.formIntersection(inTitle)
            }
        }
        let phrase = Array(words.joined(separator: " ").utf8)
        let codeMatch = words.isEmpty ? nil : ordinal(ofCode: words.joined(separator: "-"))
        let filter = Filter(query, index: self)
        let visible = Visibility(query.viewer, index: self)

        var page = Page()
        var groups: [[Int32]] = Array(repeating: [], count: 8)
        var counts = (
            agencies: [Int](repeating: 0, count: agencies.names.count), levels: [Int](repeating: 0, count: sharingLevels.names.count),
            frequencies: [Int](repeating: 0, count: updateFrequencies.names.count), themes: [Int](repeating: 0, count: themes.names.count)
        )
        columns.titles.withUnsafeBufferPointer { titles in
            for ordinal in candidates {
                guard filter.admits(ordinal, columns), visible.admits(ordinal, columns) else { continue }
                page.total += 1
                counts.agencies[Int(columns.agency[ordinal])] += 1
                counts.levels[Int(columns.sharingLevel[ordinal])] += 1
                counts.frequencies[Int(columns.updateFrequency[ordinal])] += 1
                for position in columns.themeStart[ordinal]..<columns.themeStart[ordinal + 1] {
                    counts.themes[Int(columns.themes[position])] += 1
                }
                guard !words.isEmpty else {
                    groups[0].append(Int32(ordinal))
                    continue
                }
                var rank = titleHasAll.contains(ordinal) ? 1 : 0
                let title = UnsafeBufferPointer(rebasing: titles[columns.titleStart[ordinal]..<columns.titleStart[ordinal + 1]])
                if Self.contains(title, phrase) { rank += 2 }
                if ordinal == codeMatch { rank += 4 }
                groups[rank].append(Int32(ordinal))
            }
        }
        func named(_ values: Values, _ counts: [Int]) -> [String: Int] {
            Dictionary(uniqueKeysWithValues: zip(values.names, counts).filter { $0.1 > 0 })
        }
        page.facets = CatalogFacets(
            agencies: named(agencies, counts.agencies), themes: named(themes, counts.themes), sharingLevels: named(sharingLevels, counts.levels),
            updateFrequencies: named(updateFrequencies, counts.frequencies))

        for rank in stride(from: 7, through: 0, by: -1) {
            var group = groups[rank][...]
            if let after = query.after {
                if rank > after.rank { continue }
                if rank == after.rank {
                    let start = group.partitioningIndex { !columns.codes[Int($0)].utf8.lexicographicallyPrecedes(after.code.utf8) }
                    group = group[start...].drop { columns.codes[Int($0)] == after.code }
                }
            }
            for ordinal in group {
                guard page.hits.count < limit else {
                    page.hasMore = true
                    return page
                }
                page.hits.append((columns.ids[Int(ordinal)], columns.codes[Int(ordinal)], rank))
            }
        }
        return page
    }

    /// The number of the dataset with `code`, if any.
    func ordinal(ofCode code: String) -> Int? {
        let index = columns.codes.partitioningIndex { !$0.utf8.lexicographicallyPrecedes(code.utf8) }
        return index < columns.codes.count && columns.codes[index] == code ? index : nil
    }

    /// Whether `needle` occurs in `haystack`.
    static func contains(_ text: UnsafeBufferPointer<UInt8>, _ wanted: [UInt8]) -> Bool {
        guard let first = wanted.first else { return true }
        guard text.count >= wanted.count else { return false }
        var start = 0
        while start <= text.count - wanted.count {
            if text[start] == first {
                var offset = 1
                while offset < wanted.count && text[start + offset] == wanted[offset] { offset += 1 }
                if offset == wanted.count { return true }
            }
            start += 1
        }
        return false
    }

    /// The query's filters as the index's numbers (a value the index has never seen matches nothing).
    struct Filter {
        let agency: Int32??
        let theme: Int32??
        let status: Int32??
        let sharingLevel: Int32??
        let updateFrequency: Int32??

        init(_ query: CatalogQuery, index: CatalogIndex) {
            agency = query.agencyCode.map { index.agencies.position(ofKnown: $0) }
            theme = query.theme.map { index.themes.position(ofKnown: $0) }
            status = query.status.map { index.statuses.position(ofKnown: $0.rawValue) }
            sharingLevel = query.sharingLevel.map { index.sharingLevels.position(ofKnown: $0.rawValue) }
            updateFrequency = query.updateFrequency.map { index.updateFrequencies.position(ofKnown: $0.rawValue) }
        }

        func admits(_ ordinal: Int, _ columns: Columns) -> Bool {
            if let agency, agency != columns.agency[ordinal] { return false }
            if let theme {
                guard let theme, columns.themes[columns.themeStart[ordinal]..<columns.themeStart[ordinal + 1]].contains(theme) else { return false }
            }
            if let status, status != columns.status[ordinal] { return false }
            if let sharingLevel, sharingLevel != columns.sharingLevel[ordinal] { return false }
            if let updateFrequency, updateFrequency != columns.updateFrequency[ordinal] { return false }
            return true
        }
    }

    /// What a viewer may see (as `DatasetViewer.canSee`), as the index's numbers.
    struct Visibility {
        let everything: Bool
        let ownAgency: Int32?
        let draft: Int32?
        let hiddenLevel: Int32?

        init(_ viewer: DatasetViewer, index: CatalogIndex) {
            everything = viewer.isCoordinator
            ownAgency = viewer.agencyCode.flatMap { index.agencies.position(ofKnown: $0) }
            draft = index.statuses.position(ofKnown: DatasetStatus.draft.rawValue)
            hiddenLevel = viewer.isAuthenticated ? nil : index.sharingLevels.position(ofKnown: SharingLevel.private.rawValue)
        }

        func admits(_ ordinal: Int, _ columns: Columns) -> Bool {
            if everything || columns.agency[ordinal] == ownAgency { return true }
            return columns.status[ordinal] != draft && columns.sharingLevel[ordinal] != hiddenLevel
        }
    }
}

extension Collection {
    /// The first index whose element satisfies `belongs`, for a collection where every element that does comes
    /// after every element that does not (a binary search).
    fileprivate func partitioningIndex(where belongs: (Element) -> Bool) -> Index {
        var low = startIndex
        var length = count
        while length > 0 {
            let half = length / 2
            let middle = index(low, offsetBy: half)
            if belongs(self[middle]) {
                length = half
            } else {
                low = index(after: middle)
                length -= half + 1
            }
        }
        return low
    }
}
