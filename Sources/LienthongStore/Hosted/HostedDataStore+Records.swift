import Foundation
import Lienthong
import SQLKit

/// One page of records, in primary-key order, and where the next page starts.
public struct RecordPage: Sendable {
    /// Each record's values in the order of `fields`.
    public var records: [[RecordValue]]
    public var fields: [String]
    /// The primary-key values of the last record, when there are more.
    public var next: [String]?
}

extension HostedDataStore {
    /// Records of the dataset's newest schema version: equality filters on fields, keyset paging by primary key
    /// (or by the row order when there is none), `limit` at most.
    public func records(
        of dataset: Dataset, schema: TableSchema, filters: [String: String] = [:], after: [String]? = nil, limit: Int = 100
    ) async throws -> RecordPage {
        let table = Self.tableName(dataset, version: dataset.schemaVersion)
        var conditions: [SQLQueryString] = []
        for (name, text) in filters.sorted(by: { $0.key < $1.key }) {
            guard let field = schema.field(name), case .success(let value) = field.cast(text) else {
                throw CatalogError.invalidFields(["filter[\(name)]"])
            }
            conditions.append(value == .null ? "\(ident: name) IS NULL" : "\(ident: name) = \(bind: Self.bindable(value, type: field.type))")
        }
        let keys = schema.primaryKey
        if let after, !keys.isEmpty {
            guard after.count == keys.count else { throw CatalogError.invalidFields(["cursor"]) }
            var values: [SQLQueryString] = []
            for (name, text) in zip(keys, after) {
                guard let field = schema.field(name), case .success(let value) = field.cast(text) else {
                    throw CatalogError.invalidFields(["cursor"])
                }
                values.append("\(bind: Self.bindable(value, type: field.type))")
            }
            let columns = keys.map { "\(ident: $0)" as SQLQueryString }
            conditions.append("(" + columns.joined(separator: ", ") + ") > (" + values.joined(separator: ", ") + ")")
        }
        var query: SQLQueryString = "SELECT * FROM \(ident: table)"
        if !conditions.isEmpty { query += " WHERE " + conditions.joined(separator: " AND ") }
        if !keys.isEmpty { query += " ORDER BY " + keys.map { "\(ident: $0)" as SQLQueryString }.joined(separator: ", ") }
        let pageSize = max(1, min(limit, 10_000))
        query += " LIMIT \(bind: pageSize + 1)"
        let finished = query
        let rows: [[RecordValue]] = try await database.read { sql in
            guard try await TableCatalog.tableNames(sql, dialect: database.dialect).contains(table) else { return [] }
            return try await sql.raw(finished).all().map { row in try schema.fields.map { try Self.value(row, $0) } }
        }
        var records = rows
        var next: [String]?
        if records.count > pageSize {
            records.removeLast()
            if !keys.isEmpty, let last = records.last {
                next = keys.compactMap { key in schema.fields.firstIndex { $0.name == key }.map { last[$0].text } }
            }
        }
        return RecordPage(records: records, fields: schema.fields.map(\.name), next: next)
    }

    /// How many rows the newest version holds.
    public func count(of dataset: Dataset) async throws -> Int {
        let table = Self.tableName(dataset, version: dataset.schemaVersion)
        return try await database.read { sql in
            guard try await TableCatalog.tableNames(sql, dialect: database.dialect).contains(table) else { return 0 }
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
