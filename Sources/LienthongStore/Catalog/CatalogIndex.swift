import Lienthong

/// The catalog's search index in memory, as of one catalog revision: every dataset's folded words and title words
/// as posting lists, each attribute's datasets (agency, theme, status, sharing level, update frequency), and the
/// folded titles. A search intersects bit sets for its words, the viewer's visibility and its filters, counts the
/// facets from the attributes' lists, and ranks lazily: it visits matches in rank order only until its page is full.
/// Datasets are numbered by code (byte order), so a visit in number order is already the tie-break order.
struct CatalogIndex: Sendable {
    /// Each dataset's id, code and folded titles, by number.
    struct Columns: Sendable {
        var ids: [String] = []
        var codes: [String] = []
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

    /// The values one attribute takes (agencies, themes, …), each once, with the datasets that have each.
    struct Attribute: Sendable {
        private(set) var names: [String] = []
        private var postings: [[Int32]] = []
        private var positions: [String: Int] = [:]
        /// Each value's datasets as a bit set, and each dataset's values (`valueStarts[d]..<valueStarts[d + 1]` in
        /// `values`): made by `seal(capacity:)` once every value is added.
        private var sets: [OrdinalSet] = []
        private var valueStarts: [Int32] = []
        private var values: [Int32] = []

        mutating func add(_ name: String, _ ordinal: Int) {
            if let position = positions[name] {
                postings[position].append(Int32(ordinal))
            } else {
                positions[name] = names.count
                names.append(name)
                postings.append([Int32(ordinal)])
            }
        }

        /// Builds the bit sets and the per-dataset lists from what was added, for datasets numbered below `capacity`.
        mutating func seal(capacity: Int) {
            sets = postings.map { list in
                var set = OrdinalSet(capacity: capacity)
                for ordinal in list { set.insert(Int(ordinal)) }
                return set
            }
            var starts = [Int32](repeating: 0, count: capacity + 1)
            for list in postings { for ordinal in list { starts[Int(ordinal) + 1] += 1 } }
            for index in 0..<capacity { starts[index + 1] += starts[index] }
            var next = starts
            values = [Int32](repeating: 0, count: Int(starts[capacity]))
            for (position, list) in postings.enumerated() {
                for ordinal in list {
                    values[Int(next[Int(ordinal)])] = Int32(position)
                    next[Int(ordinal)] += 1
                }
            }
            valueStarts = starts
            postings = []
        }

        /// The datasets with the value `name` (none when no dataset has it).
        func datasets(with name: String, capacity: Int) -> OrdinalSet {
            positions[name].map { sets[$0] } ?? OrdinalSet(capacity: capacity)
        }

        /// How many of `matches` (`matchCount` of them) have each value, for the values at least one has: by visiting
        /// the matches when they are few, or by intersecting each value's set with them when values are few.
        func counts(in matches: OrdinalSet, matchCount: Int) -> [String: Int] {
            var tallies = [Int](repeating: 0, count: names.count)
            if matchCount < names.count * matches.words.count {
                for ordinal in matches {
                    for index in Int(valueStarts[ordinal])..<Int(valueStarts[ordinal + 1]) { tallies[Int(values[index])] += 1 }
                }
            } else {
                for position in sets.indices { tallies[position] = sets[position].intersectionCount(matches) }
            }
            var counts: [String: Int] = [:]
            for (position, tally) in tallies.enumerated() where tally > 0 { counts[names[position]] = tally }
            return counts
        }
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
    let agencies: Attribute
    let themes: Attribute
    let statuses: Attribute
    let sharingLevels: Attribute
    let updateFrequencies: Attribute

    /// Builds the index from every dataset, its themes and its indexed words (`dataset_words`).
    init(
        revision: Int64, rows: [Row], themes datasetThemes: [(datasetID: String, theme: String)],
        words datasetWords: [(word: String, datasetID: String)]
    ) {
        self.revision = revision
        let sorted = rows.sorted { $0.code.utf8.lexicographicallyPrecedes($1.code.utf8) }
        var ordinals: [String: Int32] = [:]
        for (ordinal, row) in sorted.enumerated() { ordinals[row.id] = Int32(ordinal) }
        var (agencies, themes, statuses, levels, frequencies) = (Attribute(), Attribute(), Attribute(), Attribute(), Attribute())
        var titlePairs: [(word: String, ordinal: Int32)] = []
        var columns = Columns()
        for (ordinal, row) in sorted.enumerated() {
            columns.ids.append(row.id)
            columns.codes.append(row.code)
            columns.titles += row.titleFolded.utf8
            columns.titleStart.append(columns.titles.count)
            agencies.add(row.ownerCode, ordinal)
            statuses.add(row.status, ordinal)
            levels.add(row.sharingLevel, ordinal)
            frequencies.add(row.updateFrequency, ordinal)
            for word in SearchText.words(folded: row.titleFolded) { titlePairs.append((word, Int32(ordinal))) }
        }
        for pair in datasetThemes {
            if let ordinal = ordinals[pair.datasetID] { themes.add(pair.theme, Int(ordinal)) }
        }
        agencies.seal(capacity: sorted.count)
        themes.seal(capacity: sorted.count)
        statuses.seal(capacity: sorted.count)
        levels.seal(capacity: sorted.count)
        frequencies.seal(capacity: sorted.count)
        self.columns = columns
        self.words = Words(datasetWords.compactMap { pair in ordinals[pair.datasetID].map { (pair.word, $0) } })
        self.titleWords = Words(titlePairs)
        self.agencies = agencies
        self.themes = themes
        self.statuses = statuses
        self.sharingLevels = levels
        self.updateFrequencies = frequencies
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
        var matches = visible(to: query.viewer)
        var titleHasAll = OrdinalSet(capacity: capacity, full: !words.isEmpty)
        // A title that holds the whole query has every word but the first at the start of one of its words.
        var titleHasRest = OrdinalSet(capacity: capacity, full: true)
        for (index, word) in words.enumerated() {
            matches.formIntersection(self.words.beginning(with: word, capacity: capacity))
            let inTitle = titleWords.beginning(with: word, capacity: capacity)
            titleHasAll.formIntersection(inTitle)
            if index > 0 { titleHasRest.formIntersection(inTitle) }
        }
        let filters: [(Attribute, String?)] = [
            (agencies, query.agencyCode), (themes, query.theme), (statuses, query.status?.rawValue),
            (sharingLevels, query.sharingLevel?.rawValue), (updateFrequencies, query.updateFrequency?.rawValue),
        ]
        for case let (attribute, value?) in filters { matches.formIntersection(attribute.datasets(with: value, capacity: capacity)) }

        var page = Page()
        page.total = matches.count
        page.facets = CatalogFacets(
            agencies: agencies.counts(in: matches, matchCount: page.total), themes: themes.counts(in: matches, matchCount: page.total),
            sharingLevels: sharingLevels.counts(in: matches, matchCount: page.total),
            updateFrequencies: updateFrequencies.counts(in: matches, matchCount: page.total))

        let phrase = Array(words.joined(separator: " ").utf8)
        let codeMatch = words.isEmpty ? nil : ordinal(ofCode: words.joined(separator: "-")).flatMap { matches.contains($0) ? $0 : nil }
        var inTitle = matches
        inTitle.formIntersection(titleHasAll)
        var notInTitle = matches
        notInTitle.subtract(titleHasAll)
        var phraseCandidates = notInTitle
        phraseCandidates.formIntersection(titleHasRest)
        let afterCode = query.after.map { after in columns.codes.partitioningIndex { after.code.utf8.lexicographicallyPrecedes($0.utf8) } }
        columns.titles.withUnsafeBufferPointer { titles in
            func holdsPhrase(_ ordinal: Int) -> Bool {
                !phrase.isEmpty
                    && Self.contains(UnsafeBufferPointer(rebasing: titles[columns.titleStart[ordinal]..<columns.titleStart[ordinal + 1]]), phrase)
            }
            func add(_ ordinal: Int, _ rank: Int) -> Bool {
                guard page.hits.count < limit else {
                    page.hasMore = true
                    return false
                }
                page.hits.append((columns.ids[ordinal], columns.codes[ordinal], rank))
                return true
            }
            // Ranks from 7 down; within a rank, datasets by number (code). Rank 3 and 1: every word in the title, with
            // or without the whole query; rank 2 and 0: not every word, with or without it.
            ranks: for rank in stride(from: 7, through: 0, by: -1) {
                var start = 0
                if let after = query.after, let afterCode {
                    if rank > after.rank { continue }
                    if rank == after.rank { start = afterCode }
                }
                if rank >= 4 {
                    guard let codeMatch, codeMatch >= start,
                        4 + (titleHasAll.contains(codeMatch) ? 1 : 0) + (holdsPhrase(codeMatch) ? 2 : 0) == rank
                    else { continue }
                    if !add(codeMatch, rank) { break ranks }
                    continue
                }
                let pool = rank % 2 == 1 ? inTitle : rank == 2 ? phraseCandidates : notInTitle
                for ordinal in pool where ordinal >= start && ordinal != codeMatch && holdsPhrase(ordinal) == (rank >= 2) {
                    if !add(ordinal, rank) { break ranks }
                }
            }
        }
        return page
    }

    /// The datasets `viewer` may see (`DatasetViewer.canSee`).
    func visible(to viewer: DatasetViewer) -> OrdinalSet {
        let capacity = columns.ids.count
        var visible = OrdinalSet(capacity: capacity, full: true)
        guard !viewer.isCoordinator else { return visible }
        visible.subtract(statuses.datasets(with: DatasetStatus.draft.rawValue, capacity: capacity))
        if !viewer.isAuthenticated { visible.subtract(sharingLevels.datasets(with: SharingLevel.private.rawValue, capacity: capacity)) }
        if let agency = viewer.agencyCode { visible.formUnion(agencies.datasets(with: agency, capacity: capacity)) }
        return visible
    }

    /// The number of the dataset with `code`, if any.
    func ordinal(ofCode code: String) -> Int? {
        let index = columns.codes.partitioningIndex { !$0.utf8.lexicographicallyPrecedes(code.utf8) }
        return index < columns.codes.count && columns.codes[index] == code ? index : nil
    }

    /// Whether the bytes `wanted` occur in `text`.
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
