import Foundation
import Hummingbird
import Lienthong
import LienthongStore

extension CKANRoutes {
    /// The parameters `package_search` takes; CKAN refuses others with a Search Query Error.
    static let searchParameters: Set<String> = [
        "q", "fq", "fq_list", "rows", "start", "sort", "facet", "facet.field", "facet.limit", "facet.mincount", "include_private",
        "include_drafts", "include_deleted", "defType", "qf", "fl",
    ]

    /// `package_search`: Lienthong's catalog search (diacritics ignored) with CKAN's `fq`, paging, sort and facets.
    func search(_ arguments: CKANArguments, _ context: AppRequestContext) async throws -> [String: Any] {
        // `ext_…` parameters are for CKAN extensions; like CKAN without them, they are ignored.
        if let unknown = arguments.keys.subtracting(Self.searchParameters).filter({ !$0.hasPrefix("ext_") }).sorted().first {
            throw CKANError.searchQuery("unknown parameter \(unknown)")
        }
        let rows = try arguments.int("rows", default: 10, in: 0...1_000)
        let start = try arguments.int("start", default: 0, in: 0...Int.max)
        var text = arguments.string("q") ?? ""
        if text == "*:*" { text = "" }
        var found = try await DatasetStore(database: services.database)
            .searchAll(CatalogQuery(text: text, status: .published, viewer: DatasetRoutes.viewer(context.identity)))
        // As in CKAN, private datasets are in the results only when asked for (and visible to the caller).
        if !arguments.bool("include_private") { found = found.filter { $0.dataset.sharingLevel != .private } }
        let agencies = Dictionary(uniqueKeysWithValues: try await services.directory.agencies().map { ($0.code, $0) })
        let clauses = try ([arguments.string("fq")] + arguments.list("fq_list").map(Optional.some)).compactMap { $0 }.flatMap(Self.filterQuery)
        found = found.filter { item in clauses.allSatisfy { $0.matches(item.dataset, agencies: agencies) } }
        try Self.sort(&found, by: arguments.string("sort") ?? "score desc, metadata_modified desc")

        let fields = arguments.list("facet.field")
        let facetLimit = try arguments.int("facet.limit", default: 50, in: -1...Int.max)
        var facets: [String: Any] = [:]
        var searchFacets: [String: Any] = [:]
        for field in fields {
            var counts: [String: Int] = [:]
            for (dataset, _) in found {
                for value in Self.values(dataset, field, agencies: agencies) { counts[value, default: 0] += 1 }
            }
            let ordered = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            let kept = facetLimit < 0 ? ordered[...] : ordered.prefix(facetLimit)
            facets[field] = Dictionary(uniqueKeysWithValues: kept.map { ($0.key, $0.value) })
            searchFacets[field] = [
                "title": field,
                "items": kept.map { item -> [String: Any] in
                    let display = field == "organization" ? agencies[item.key]?.nameVi ?? item.key : item.key
                    return ["name": item.key, "display_name": display, "count": item.value]
                },
            ]
        }
        let page = found.dropFirst(start).prefix(rows).map { dictionaries.package($0.dataset, agency: agencies[$0.dataset.ownerAgencyCode]) }
        return [
            "count": found.count, "results": Array(page), "facets": facets, "search_facets": searchFacets,
            "sort": arguments.string("sort") ?? "score desc, metadata_modified desc",
        ]
    }

    /// One clause of `fq`: terms joined by OR (one, or several in parentheses), possibly negated.
    struct FilterClause {
        /// A field with a value, or a range `[from TO to]` (`*` open) for the metadata times.
        struct Term {
            let field: String
            let value: String
            let range: (from: String, to: String)?
        }

        var terms: [Term]
        var negated: Bool

        func matches(_ dataset: Dataset, agencies: [String: Agency]) -> Bool {
            let any = terms.contains { term in
                let values = CKANRoutes.values(dataset, term.field, agencies: agencies)
                guard let range = term.range else { return values.contains(term.value) }
                return values.contains { ($0 >= range.from || range.from == "*") && ($0 <= range.to || range.to == "*") }
            }
            return negated ? !any : any
        }
    }

    /// The fields `fq` may name.
    static let filterFields: Set = [
        "organization", "owner_org", "groups", "tags", "res_format", "license_id", "name", "state", "dataset_type", "metadata_modified",
        "metadata_created", "id",
    ]

    /// Reads `fq` as the CKAN harvester and ckanapi write it: `organization:stc groups:"y-te"`,
    /// `-organization:x`, `(organization:a OR organization:b)`, `metadata_modified:[2025-01-01T00:00:00Z TO *]`.
    static func filterQuery(_ text: String) throws -> [FilterClause] {
        var clauses: [FilterClause] = []
        var rest = Substring(text)
        func skipSpace() { rest = rest.drop { $0.isWhitespace } }
        func term() throws -> FilterClause.Term {
            skipSpace()
            guard let colon = rest.firstIndex(of: ":") else { throw CKANError.searchQuery("cannot read fq \(text)") }
            let field = String(rest[..<colon]).trimmingCharacters(in: .whitespaces)
            guard filterFields.contains(field) else { throw CKANError.searchQuery("cannot filter on \(field)") }
            rest = rest[rest.index(after: colon)...]
            if rest.first == "[", let end = rest.firstIndex(of: "]") {
                let parts = rest[rest.index(after: rest.startIndex)..<end].components(separatedBy: " TO ")
                rest = rest[rest.index(after: end)...]
                guard parts.count == 2 else { throw CKANError.searchQuery("cannot read the range in \(text)") }
                return .init(
                    field: field, value: "", range: (parts[0].trimmingCharacters(in: .whitespaces), parts[1].trimmingCharacters(in: .whitespaces)))
            }
            if rest.first == "\"", let end = rest.dropFirst().firstIndex(of: "\"") {
                let value = String(rest[rest.index(after: rest.startIndex)..<end])
                rest = rest[rest.index(after: end)...]
                return .init(field: field, value: value, range: nil)
            }
            let end = rest.firstIndex { $0.isWhitespace || $0 == ")" } ?? rest.endIndex
            defer { rest = rest[end...] }
            return .init(field: field, value: String(rest[..<end]), range: nil)
        }
        while true {
            skipSpace()
            guard !rest.isEmpty else { break }
            var negated = false
            if rest.first == "-" || rest.first == "+" {
                negated = rest.first == "-"
                rest = rest.dropFirst()
            }
            if rest.first == "(" {
                rest = rest.dropFirst()
                var terms = [try term()]
                while true {
                    skipSpace()
                    if rest.first == ")" {
                        rest = rest.dropFirst()
                        break
                    }
                    guard rest.hasPrefix("OR ") else { throw CKANError.searchQuery("cannot read fq \(text)") }
                    rest = rest.dropFirst(3)
                    terms.append(try term())
                }
                clauses.append(FilterClause(terms: terms, negated: negated))
            } else {
                clauses.append(FilterClause(terms: [try term()], negated: negated))
            }
        }
        return clauses
    }

    /// The values of a dataset for a facet or `fq` field.
    static func values(_ dataset: Dataset, _ field: String, agencies: [String: Agency]) -> [String] {
        switch field {
        case "organization": [dataset.ownerAgencyCode]
        case "owner_org": [agencies[dataset.ownerAgencyCode]?.id.lowercasedString ?? ""]
        case "groups": dataset.themes.map(CKANDictionaries.groupName)
        case "tags": dataset.keywords
        case "res_format": ["CSV"]
        case "license_id": [dataset.licence == "CC BY 4.0" ? "cc-by" : dataset.licence.isEmpty ? "notspecified" : dataset.licence]
        case "name": [dataset.code]
        case "id": [dataset.id.lowercasedString]
        case "state": ["active"]
        case "dataset_type": ["dataset"]
        case "metadata_modified": [dataset.updatedAt.formatted(.iso8601)]
        case "metadata_created": [dataset.createdAt.formatted(.iso8601)]
        default: []
        }
    }

    /// CKAN's sort: comma-separated `field direction`.
    static func sort(_ found: inout [(dataset: Dataset, rank: Int)], by text: String) throws {
        var keys: [(field: String, descending: Bool)] = []
        for part in text.split(separator: ",") {
            let words = part.split(separator: " ").map(String.init)
            guard let field = words.first,
                ["score", "rank", "id", "metadata_modified", "metadata_created", "name", "title_string", "title"].contains(field),
                words.count <= 2, words.count == 1 || ["asc", "desc"].contains(words[1].lowercased())
            else { throw CKANError.searchQuery("cannot sort by \(part)") }
            keys.append((field, words.count == 2 && words[1].lowercased() == "desc"))
        }
        found.sort { left, right in
            for key in keys {
                let order: ComparisonResult
                switch key.field {
                case "score", "rank": order = left.rank == right.rank ? .orderedSame : left.rank < right.rank ? .orderedAscending : .orderedDescending
                case "id": order = left.dataset.id.lowercasedString.compare(right.dataset.id.lowercasedString)
                case "metadata_modified": order = left.dataset.updatedAt.compare(right.dataset.updatedAt)
                case "metadata_created": order = left.dataset.createdAt.compare(right.dataset.createdAt)
                case "name": order = left.dataset.code.compare(right.dataset.code)
                default: order = left.dataset.titleVi.compare(right.dataset.titleVi)
                }
                if order != .orderedSame { return key.descending ? order == .orderedDescending : order == .orderedAscending }
            }
            return left.dataset.code < right.dataset.code
        }
    }

    /// `datastore_search`: a resource's rows through the records API's query, with CKAN's arguments and shape.
    func datastoreSearch(_ arguments: CKANArguments, _ context: AppRequestContext) async throws -> [String: Any] {
        let id = try arguments.string("resource_id").flatMap { $0.isEmpty ? nil : $0 } ?? arguments.required("id")
        let store = DatasetStore(database: services.database)
        guard let dataset = try await store.dataset(id), DatasetRoutes.viewer(context.identity).canSee(dataset) else {
            throw CKANError.notFound("Resource \"\(id)\" was not found.")
        }
        do {
            try RecordRoutes.requireReader(dataset, context)
        } catch {
            throw CKANError.authorization("Access denied: the rows of \(dataset.code) need a grant")
        }
        let schema = try await store.schema(of: dataset)
        var items: [(key: String, value: String)] = []
        for (field, value) in arguments.object("filters") ?? [:] {
            if let many = value as? [Any] {
                items.append(("filter[\(field)][in]", many.map { "\($0)" }.joined(separator: ",")))
            } else {
                items.append(("filter[\(field)]", value is NSNull ? "" : "\(value)"))
            }
        }
        if let text = arguments.string("q") { items.append(("q", text)) }
        let fields = arguments.list("fields")
        if !fields.isEmpty { items.append(("fields", fields.joined(separator: ","))) }
        if let sort = arguments.string("sort") {
            let keys = sort.split(separator: ",").map { part -> String in
                let words = part.split(separator: " ")
                return (words.count == 2 && words[1].lowercased() == "desc" ? "-" : "") + (words.first.map(String.init) ?? "")
            }
            items.append(("sort", keys.joined(separator: ",")))
        }
        let query: RecordQuery
        do {
            query = try RecordQuery(items: items, schema: schema)
        } catch {
            throw CKANError.validation(Dictionary(error.fieldProblems.map { ($0.field, [$0.message.en]) }, uniquingKeysWith: { $0 + $1 }))
        }
        // CKAN caps the limit rather than refusing it.
        let limit = min(try arguments.int("limit", default: 100, in: 0...Int.max), 10_000)
        let offset = try arguments.int("offset", default: 0, in: 0...Int.max)
        var cursor: RecordCursor? = offset > 0 ? .offset(offset) : nil
        if let token = arguments.string("next_page"), !token.isEmpty {
            guard let decoded = Paging.decode(token).flatMap(RecordRoutes.cursor) else {
                throw CKANError.validation(["next_page": ["Invalid value"]])
            }
            cursor = decoded
        }
        let hosted = HostedDataStore(database: services.database)
        let page = try await hosted.records(of: dataset, schema: schema, query: query, after: cursor, limit: max(limit, 1))
        let indices = query.projection(in: schema).indices
        let records: [[String: Any]] = page.records.prefix(limit).map { values in
            Dictionary(uniqueKeysWithValues: indices.map { (schema.fields[$0].name, Self.json(values[$0])) })
        }
        if dataset.sharingLevel != .open {
            let subjects = AuditNames.subjects(of: page.records.prefix(limit), schema: schema, hasher: services.configuration.keys.subjects)
            try await services.audit.record(
                context, "records.read", resource: "dataset:\(dataset.code)", datasetCode: dataset.code, subjects: subjects)
        }
        var result: [String: Any] = [
            "resource_id": id, "fields": indices.map { CKANDictionaries.field(schema.fields[$0]) }, "records": records, "limit": limit,
            "offset": offset, "filters": arguments.object("filters") ?? [:], "sort": arguments.string("sort") ?? "",
            "_links": ["start": "/api/3/action/datastore_search?resource_id=\(id)"],
        ]
        if arguments.values["include_total"] == nil || arguments.bool("include_total") {
            result["total"] = try await hosted.count(of: dataset, schema: schema, query: query)
        }
        if let next = page.next, limit > 0 {
            let token = try RecordRoutes.token(next)
            result["next_page"] = token
            // The next page's link repeats every argument but the position.
            var next = arguments.values.filter { !["offset", "next_page", "limit"].contains($0.key) }
            next["limit"] = limit
            next["next_page"] = token
            let query = next.keys.sorted().map { key -> String in
                let value =
                    next[key].map { value -> String in
                        if value is [Any] || value is [String: Any],
                            let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
                        {
                            return String(decoding: data, as: UTF8.self)
                        }
                        return "\(value)"
                    } ?? ""
                return RecordRoutes.percentEncoded(key) + "=" + RecordRoutes.percentEncoded(value)
            }.joined(separator: "&")
            result["_links"] = ["start": "/api/3/action/datastore_search?resource_id=\(id)", "next": "/api/3/action/datastore_search?" + query]
        }
        return result
    }

    static func json(_ value: RecordValue) -> Any {
        switch value {
        case .null: NSNull()
        case .text(let text): text
        case .integer(let number): number
        case .number(let number): number.isFinite ? number : NSNull()
        case .boolean(let flag): flag
        }
    }
}
