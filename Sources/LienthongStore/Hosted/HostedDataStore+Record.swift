import Foundation
import Lienthong
import SQLKit

extension HostedDataStore {
    /// The condition that picks one record by its primary-key values (given as text, in key order).
    static func keyCondition(_ schema: TableSchema, key: [String]) throws -> SQLQueryString {
        guard !schema.primaryKey.isEmpty, key.count == schema.primaryKey.count else { throw CatalogError.invalidFields(["key"]) }
        var parts: [SQLQueryString] = []
        for (name, text) in zip(schema.primaryKey, key) {
            guard let field = schema.field(name), case .success(let value) = field.cast(text), value != .null else {
                throw CatalogError.invalidFields(["key"])
            }
            parts.append("\(name: name) = \(bind: bindable(value, type: field.type))")
        }
        return parts.joined(separator: " AND ")
    }

    /// One record by its primary key, or nil.
    public func record(of dataset: Dataset, schema: TableSchema, key: [String]) async throws -> [RecordValue]? {
        let table = Self.tableName(dataset, version: dataset.schemaVersion)
        let condition = try Self.keyCondition(schema, key: key)
        return try await database.read { sql in
            guard try await database.tableExists(table, sql) else { return nil }
            return try await sql.raw("SELECT * FROM \(name: table) WHERE " + condition).first().map { row in
                try schema.fields.map { try Self.value(row, $0) }
            }
        }
    }

    /// Removes one record; returns whether it was there.
    public func deleteRecord(of dataset: Dataset, schema: TableSchema, key: [String]) async throws -> Bool {
        let table = Self.tableName(dataset, version: dataset.schemaVersion)
        let condition = try Self.keyCondition(schema, key: key)
        let keyList = schema.primaryKey.map { "\(ident: $0)" as SQLQueryString }.joined(separator: ", ")
        return try await database.write { sql in
            guard try await database.tableExists(table, sql) else { return false }
            return !(try await sql.raw("DELETE FROM \(ident: table) WHERE " + condition + " RETURNING " + keyList).all().isEmpty)
        }
    }

    /// Changes fields of one record (not its key); every value is cast and checked like a load's.
    /// Returns the record as it is now, or nil when there is no such record.
    public func updateRecord(
        of dataset: Dataset, schema: TableSchema, key: [String], changes: [String: String]
    ) async throws -> [RecordValue]? {
        let table = Self.tableName(dataset, version: dataset.schemaVersion)
        let condition = try Self.keyCondition(schema, key: key)
        guard !changes.isEmpty else { return try await record(of: dataset, schema: schema, key: key) }
        var assignments: [SQLQueryString] = []
        var problems: [String] = []
        for (name, text) in changes.sorted(by: { $0.key < $1.key }) {
            guard let field = schema.field(name), !schema.primaryKey.contains(name) else {
                problems.append(name)
                continue
            }
            switch field.read(text, missingValues: schema.missingValues) {
            case .success(let value): assignments.append("\(ident: name) = \(bind: Self.bindable(value, type: field.type))")
            case .failure: problems.append(name)
            }
        }
        guard problems.isEmpty else { throw CatalogError.invalidFields(problems) }
        let found = try await database.write { sql -> Bool in
            guard try await database.tableExists(table, sql) else { return false }
            let keyList = schema.primaryKey.map { "\(ident: $0)" as SQLQueryString }.joined(separator: ", ")
            let rows = try await sql.raw(
                "UPDATE \(ident: table) SET " + assignments.joined(separator: ", ") + " WHERE " + condition + " RETURNING " + keyList
            ).all()
            return !rows.isEmpty
        }
        return found ? try await record(of: dataset, schema: schema, key: key) : nil
    }
}
