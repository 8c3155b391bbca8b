import Foundation
import Lienthong
import SQLKit

/// One page of records, and where the next page starts.
public struct RecordPage: Sendable {
    /// Each record's values in the order of `fields`.
    public var records: [[RecordValue]]
    public var fields: [String]
    /// Where the next page starts, when there are more.
    public var next: RecordCursor?
}

/// Where a page of records starts: after the sort-key values of the previous page's last record (datasets with
/// a primary key, whose order is total), or after a number of records (datasets without one).
public enum RecordCursor: Sendable, Hashable, Codable {
    case after([RecordValue])
    case offset(Int)
}

extension HostedDataStore {
    /// Records of one schema version (the query's, or the newest): the query's filters and sort, then the primary
    /// key (so the order is total and pages are stable while rows change), `limit` at most (1…10,000).
    /// A dataset without a primary key is read in the order of its sort keys and then all its fields, paged by
    /// position (any dataset may be read from a position, as CKAN's `offset` asks). The caller passes the schema of the version read.
    public func records(
        of dataset: Dataset, schema: TableSchema, query: RecordQuery = RecordQuery(), after cursor: RecordCursor? = nil, limit: Int = 100
    ) async throws -> RecordPage {
        try await database.read { sql in
            try await Self.page(sql, database: database, of: dataset, schema: schema, query: query, after: cursor, limit: limit)
        }
    }

    /// One page of records, read on `sql` (so that an export reads all its pages in one snapshot).
    static func page(
        _ sql: any SQLDatabase, database: Database, of dataset: Dataset, schema: TableSchema, query: RecordQuery, after cursor: RecordCursor?,
        limit: Int
    ) async throws -> RecordPage {
        let table = Self.tableName(dataset, version: query.schemaVersion ?? dataset.schemaVersion)
        var conditions = try Self.conditions(query, schema: schema)
        let primaryKey = schema.primaryKey
        var keys = query.sort
        let tieBreak = primaryKey.isEmpty ? schema.fields.map(\.name) : primaryKey
        for name in tieBreak where !keys.contains(where: { $0.field == name }) { keys.append(RecordQuery.SortKey(field: name)) }
        let keyFields = try keys.map { key in
            guard let field = schema.field(key.field) else { throw CatalogError.invalidFields(["sort"]) }
            return field
        }
        // Primary-key columns are never empty; other columns sort their empty cells last, in both directions.
        let nullable = keys.map { !primaryKey.contains($0.field) }
        var offset = 0
        switch cursor {
        case .after(let values)?:
            guard !primaryKey.isEmpty, values.count == keys.count,
                zip(values, zip(keyFields, nullable)).allSatisfy({ Self.fits($0, type: $1.0.type, nullable: $1.1) })
            else { throw CatalogError.invalidFields(["cursor"]) }
            conditions.append(Self.keyset(keys, fields: keyFields, nullable: nullable, values: values))
        case .offset(let skipped)?:
            guard skipped >= 0 else { throw CatalogError.invalidFields(["cursor"]) }
            offset = skipped
        case nil: break
        }
        var query: SQLQueryString = "SELECT * FROM \(ident: table)"
        if !conditions.isEmpty { query += " WHERE " + conditions.joined(separator: " AND ") }
        let order = zip(keys, nullable).flatMap { key, nullable -> [SQLQueryString] in
            let column: SQLQueryString = "\(ident: key.field)\(unsafeRaw: key.descending ? " DESC" : "")"
            return nullable ? ["(\(ident: key.field) IS NULL)", column] : [column]
        }
        query += " ORDER BY " + order.joined(separator: ", ")
        let pageSize = max(1, min(limit, 10_000))
        query += " LIMIT \(bind: pageSize + 1)"
        if offset > 0 { query += " OFFSET \(bind: offset)" }
        var records: [[RecordValue]] = []
        if try await database.tableExists(table, sql) {
            records = try await sql.raw(query).all().map { row in try schema.fields.map { try Self.value(row, $0) } }
        }
        var next: RecordCursor?
        if records.count > pageSize {
            records.removeLast()
            if primaryKey.isEmpty {
                next = .offset(offset + pageSize)
            } else if let last = records.last {
                next = .after(keys.compactMap { key in schema.fields.firstIndex { $0.name == key.field }.map { last[$0] } })
            }
        }
        return RecordPage(records: records, fields: schema.fields.map(\.name), next: next)
    }

    /// The WHERE conditions of a query's filters and text.
    static func conditions(_ query: RecordQuery, schema: TableSchema) throws -> [SQLQueryString] {
        var conditions: [SQLQueryString] = []
        for filter in query.filters {
            guard let field = schema.field(filter.field) else { throw CatalogError.invalidFields(["filter[\(filter.field)]"]) }
            conditions.append(Self.condition(filter, type: field.type))
        }
        if let text = query.text {
            // Any text field containing the words, without case (LOWER folds ASCII only on SQLite).
            let pattern = "%" + DatasetStore.escapeLike(text.lowercased()) + "%"
            let fields = schema.fields.filter { $0.type == .string }
            let matches = fields.map { "LOWER(\(ident: $0.name)) LIKE \(bind: pattern) ESCAPE '\\'" as SQLQueryString }
            conditions.append(matches.isEmpty ? "1 = 0" : "(" + matches.joined(separator: " OR ") + ")")
        }
        return conditions
    }

    /// How many records of one schema version the query selects.
    public func count(of dataset: Dataset, schema: TableSchema, query: RecordQuery) async throws -> Int {
        let table = Self.tableName(dataset, version: query.schemaVersion ?? dataset.schemaVersion)
        var statement: SQLQueryString = "SELECT COUNT(*) AS n FROM \(ident: table)"
        let conditions = try Self.conditions(query, schema: schema)
        if !conditions.isEmpty { statement += " WHERE " + conditions.joined(separator: " AND ") }
        let finished = statement
        return try await database.read { sql in
            guard try await database.tableExists(table, sql) else { return 0 }
            return try await sql.raw(finished).first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    /// The SQL of one filter.
    static func condition(_ filter: RecordQuery.Filter, type: FieldType) -> SQLQueryString {
        let column: SQLQueryString = "\(ident: filter.field)"
        let value = filter.values.first ?? .null
        let bound: SQLQueryString = "\(bind: bindable(value, type: type))"
        switch filter.op {
        case .eq: return value == .null ? column + " IS NULL" : column + " = " + bound
        case .ne: return value == .null ? column + " IS NOT NULL" : "(" + column + " IS NULL OR " + column + " <> " + bound + ")"
        case .lt: return column + " < " + bound
        case .le: return column + " <= " + bound
        case .gt: return column + " > " + bound
        case .ge: return column + " >= " + bound
        case .prefix:
            // SUBSTR counts characters on both databases and compares exactly (LIKE folds case on SQLite only).
            guard case .string(let text) = value else { return "1 = 0" }
            return "SUBSTR(" + column + ", 1, \(bind: Int32(text.unicodeScalars.count))) = " + bound
        case .in:
            return column + " IN (" + filter.values.map { "\(bind: bindable($0, type: type))" as SQLQueryString }.joined(separator: ", ") + ")"
        case .null: return value == .boolean(true) ? column + " IS NULL" : column + " IS NOT NULL"
        }
    }

    /// Records after `values` in the order of `keys`. When every key is a primary-key column and they run the same
    /// way, one row-value comparison (which the key's index serves); otherwise the expanded form
    /// `k1 after v1 OR (k1 = v1 AND k2 after v2) OR …`, with empty cells last.
    static func keyset(
        _ keys: [RecordQuery.SortKey], fields: [SchemaField], nullable: [Bool], values: [RecordValue]
    ) -> SQLQueryString {
        let bound = zip(values, fields).map { value, field -> SQLQueryString in "\(bind: bindable(value, type: field.type))" }
        if !nullable.contains(true), Set(keys.map(\.descending)).count == 1 {
            let columns = keys.map { "\(ident: $0.field)" as SQLQueryString }
            return "(" + columns.joined(separator: ", ") + ") \(unsafeRaw: keys[0].descending ? "<" : ">") (" + bound.joined(separator: ", ") + ")"
        }
        var alternatives: [SQLQueryString] = []
        for index in keys.indices {
            var parts: [SQLQueryString] = []
            for earlier in 0..<index {
                let column: SQLQueryString = "\(ident: keys[earlier].field)"
                parts.append(values[earlier] == .null ? column + " IS NULL" : column + " = " + bound[earlier])
            }
            // Nothing sorts after an empty cell but other empty cells, which the next keys order.
            guard values[index] != .null else { continue }
            let column: SQLQueryString = "\(ident: keys[index].field)"
            let after: SQLQueryString = column + (keys[index].descending ? " < " : " > ") + bound[index]
            parts.append(nullable[index] ? "(" + after + " OR " + column + " IS NULL)" : after)
            alternatives.append("(" + parts.joined(separator: " AND ") + ")")
        }
        return alternatives.isEmpty ? "1 = 0" : "(" + alternatives.joined(separator: " OR ") + ")"
    }

    /// Whether a cursor's value (which the client sent back, and may have forged) can be bound to its column.
    static func fits(_ value: RecordValue, type: FieldType, nullable: Bool) -> Bool {
        switch (value, type) {
        case (.null, _): nullable
        case (.text, .string), (.text, .date), (.text, .datetime), (.text, .time): true
        case (.integer, .integer), (.integer, .year), (.integer, .number), (.number, .number): true
        case (.number(let number), .integer), (.number(let number), .year): Int64(exactly: number) != nil
        case (.boolean, .boolean): true
        default: false
        }
    }

    /// A value read back (from a cursor, checked by `fits`) as it is bound to its column.
    static func bindable(_ value: RecordValue, type: FieldType) -> any Encodable & Sendable {
        switch (value, type) {
        case (.null, _): bindable(FieldValue.null, type: type)
        case (.text(let text), _): text
        case (.integer(let number), .number): Double(number)
        case (.integer(let number), _): number
        case (.number(let number), .integer), (.number(let number), .year): Int64(exactly: number) ?? 0
        case (.number(let number), _): number
        case (.boolean(let flag), _): flag
        }
    }

    /// How many rows the newest version holds.
    public func count(of dataset: Dataset) async throws -> Int {
        let table = Self.tableName(dataset, version: dataset.schemaVersion)
        return try await database.read { sql in
            guard try await database.tableExists(table, sql) else { return 0 }
            return try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    static func value(_ row: any SQLRow, _ field: SchemaField) throws -> RecordValue {
        if try row.decodeNil(column: field.name) { return .null }
        switch field.type {
        case .string, .date, .datetime, .time: return .text(try row.decode(column: field.name, as: String.self))
        case .integer, .year: return .integer(try row.decode(column: field.name, as: Int64.self))
        case .number: return .number(try row.decode(column: field.name, as: Double.self))
        case .boolean: return .boolean(try row.decode(column: field.name, as: Bool.self))
        }
    }
}

extension HostedDataStore {
    /// Writes every record the query selects in `format`, a page of `pageSize` at a time (memory stays flat
    /// whatever the size), with the query's projection; returns how many records were written. All pages are
    /// read in one snapshot, so a load committed meanwhile is either wholly in the file or not at all. The API's
    /// and the page's downloads and `lienthong export` share it; `forSpreadsheets` is the page's (`RecordFormat.record`).
    @discardableResult
    public func export(
        _ dataset: Dataset, schema: TableSchema, query: RecordQuery, format: RecordFormat, forSpreadsheets: Bool = false,
        pageSize: Int = 1_000, write: (String) async throws -> Void
    ) async throws -> Int {
        let (fields, indices) = query.projection(in: schema)
        try await write(format.opening(fields: fields))
        let written = try await database.snapshot { sql in
            var cursor: RecordCursor?
            var written = 0
            repeat {
                let page = try await Self.page(
                    sql, database: database, of: dataset, schema: schema, query: query, after: cursor, limit: pageSize)
                var text = ""
                for values in page.records {
                    text += format.record(indices.map { values[$0] }, fields: fields, first: written == 0, forSpreadsheets: forSpreadsheets)
                    written += 1
                }
                try await write(text)
                cursor = page.next
            } while cursor != nil
            return written
        }
        try await write(format.closing)
        return written
    }
}
