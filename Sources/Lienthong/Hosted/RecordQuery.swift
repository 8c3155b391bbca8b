import Foundation

/// What a reader asks of a dataset's records, as API.md spells it: filters (`filter[field]=v`,
/// `filter[field][op]=v`), `sort=field,-other`, `fields=a,b` and `schemaVersion=N`. Checked against the schema
/// before any SQL is built, so every name that reaches the database is a schema field.
public struct RecordQuery: Sendable, Equatable {
    /// A filter's comparison.
    public enum Operator: String, Sendable, CaseIterable {
        case eq, ne, lt, le, gt, ge, prefix
        /// One of comma-separated values.
        case `in`
        /// `true`: the field is empty; `false`: it is not.
        case null
    }

    /// One condition on one field; the value is cast by the field's type.
    public struct Filter: Sendable, Equatable {
        public var field: String
        public var op: Operator
        public var values: [FieldValue]

        public init(field: String, op: Operator, values: [FieldValue]) {
            self.field = field
            self.op = op
            self.values = values
        }
    }

    /// One sort key.
    public struct SortKey: Sendable, Equatable {
        public var field: String
        public var descending: Bool

        public init(field: String, descending: Bool = false) {
            self.field = field
            self.descending = descending
        }
    }

    public var filters: [Filter]
    public var sort: [SortKey]
    /// The fields to return (nil: all).
    public var fields: [String]?
    /// The schema version to read (nil: the newest).
    public var schemaVersion: Int?
    /// Words that any text field must contain (`q=`), compared without case.
    public var text: String?

    /// The most values `filter[f][in]` may list, and the most sort keys.
    public static let maximumInValues = 100
    public static let maximumSortKeys = 5

    public init(filters: [Filter] = [], sort: [SortKey] = [], fields: [String]? = nil, schemaVersion: Int? = nil) {
        self.filters = filters
        self.sort = sort
        self.fields = fields
        self.schemaVersion = schemaVersion
    }

    /// The fields returned (the projection, or every field of `schema`) and each one's index in the schema's fields,
    /// to pick them out of a record's values.
    public func projection(in schema: TableSchema) -> (fields: [String], indices: [Int]) {
        let names = fields ?? schema.fields.map(\.name)
        return (names, names.compactMap { name in schema.fields.firstIndex { $0.name == name } })
    }

    /// The schema version a query string asks for, read before the schema it names is fetched.
    public static func schemaVersion(in items: [(key: String, value: String)]) throws(CatalogError) -> Int? {
        guard let text = items.last(where: { $0.key == "schemaVersion" })?.value, !text.isEmpty else { return nil }
        guard let version = Int(text), version > 0 else { throw .invalidFields(["schemaVersion"]) }
        return version
    }

    /// Reads the query string's items (keys and values already percent-decoded) against `schema`. Items that
    /// are not about records (paging, format) are left for others. Throws naming each parameter at fault.
    public init(items: [(key: String, value: String)], schema: TableSchema) throws(CatalogError) {
        self.init()
        var invalid: [String] = []
        for (key, value) in items {
            if key.hasPrefix("filter[") {
                guard let filter = Self.filter(key: key, value: value, schema: schema) else {
                    invalid.append(key)
                    continue
                }
                filters.append(filter)
            } else if key == "sort" {
                let names = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                guard !names.isEmpty, names.count <= Self.maximumSortKeys else {
                    invalid.append("sort")
                    continue
                }
                for name in names {
                    let descending = name.hasPrefix("-")
                    let field = descending ? String(name.dropFirst()) : name
                    guard schema.field(field) != nil, !sort.contains(where: { $0.field == field }) else {
                        invalid.append("sort")
                        break
                    }
                    sort.append(SortKey(field: field, descending: descending))
                }
            } else if key == "fields" {
                let names = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                if names.isEmpty || names.contains(where: { schema.field($0) == nil }) {
                    invalid.append("fields")
                } else {
                    // Each field once, in the order first asked.
                    var seen: Set<String> = []
                    fields = names.filter { seen.insert($0).inserted }
                }
            } else if key == "q" {
                let words = value.trimmingCharacters(in: .whitespaces)
                if words.count > 200 { invalid.append("q") } else if !words.isEmpty { text = words.precomposedStringWithCanonicalMapping }
            } else if key == "schemaVersion" {
                do { schemaVersion = try Self.schemaVersion(in: [(key, value)]) } catch { invalid.append(key) }
            }
        }
        if !invalid.isEmpty { throw .invalidFields(invalid) }
    }

    /// `filter[field]` or `filter[field][op]` with its value, cast by the field's type; nil when any part is wrong.
    private static func filter(key: String, value: String, schema: TableSchema) -> Filter? {
        let parts = key.dropFirst("filter[".count).split(separator: "]", omittingEmptySubsequences: false)
        // "name]" → ["name", ""]; "name][op]" → ["name", "[op", ""].
        guard parts.count == 2 || (parts.count == 3 && parts[1].hasPrefix("[")), parts.last == "" else { return nil }
        guard let field = schema.field(String(parts[0])) else { return nil }
        let op: Operator
        if parts.count == 3 {
            guard let named = Operator(rawValue: String(parts[1].dropFirst())) else { return nil }
            op = named
        } else {
            op = .eq
        }
        switch op {
        case .null:
            guard value == "true" || value == "false" else { return nil }
            return Filter(field: field.name, op: .null, values: [.boolean(value == "true")])
        case .prefix:
            guard field.type == .string, !value.isEmpty else { return nil }
            return Filter(field: field.name, op: .prefix, values: [.string(value.precomposedStringWithCanonicalMapping)])
        case .in:
            let texts = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard texts.count <= maximumInValues else { return nil }
            var values: [FieldValue] = []
            for text in texts {
                guard case .success(let cast) = field.cast(text), cast != .null else { return nil }
                values.append(cast)
            }
            return Filter(field: field.name, op: .in, values: values)
        default:
            guard case .success(let cast) = field.cast(value) else { return nil }
            // An empty value matches empty cells with eq and non-empty ones with ne; order comparisons need a value.
            if cast == .null, op != .eq, op != .ne { return nil }
            return Filter(field: field.name, op: op, values: [cast])
        }
    }
}
