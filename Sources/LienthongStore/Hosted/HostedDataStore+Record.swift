import Foundation
import Lienthong
import SQLKit

extension HostedDataStore {
    /// A record's primary key as it is stored, equal to another when SQL's `=` finds it equal: NaN equals NaN, as
    /// PostgreSQL has it (and Swift's `==` on `Double` does not).
    struct StoredKey: Hashable, Sendable {
        let values: [RecordValue]
        /// The values with a NaN as text, which no value of a number column can be: what equality and hashing use,
        /// made once rather than at every comparison.
        private let matched: [RecordValue]

        init(values: [RecordValue]) {
            self.values = values
            matched = values.map { value in
                if case .number(let number) = value, number.isNaN { return .text("NaN") }
                return value
            }
        }

        static func == (left: StoredKey, right: StoredKey) -> Bool { left.matched == right.matched }

        func hash(into hasher: inout Hasher) { hasher.combine(matched) }
    }

    /// A record's primary-key values (given as text, in key order) as they are stored: each cast by its field.
    static func keyValues(_ schema: TableSchema, key: [String]) throws -> [RecordValue] {
        guard !schema.primaryKey.isEmpty, key.count == schema.primaryKey.count else { throw CatalogError.invalidFields(["key"]) }
        return try zip(schema.primaryKey, key).map { name, text in
            guard let field = schema.field(name), case .success(let value) = field.cast(text), value != .null else {
                throw CatalogError.invalidFields(["key"])
            }
            return storedValue(value)
        }
    }

    /// The condition that picks one record by its primary-key values (given as text, in key order).
    static func keyCondition(_ schema: TableSchema, key: [String]) throws -> SQLQueryString {
        keyCondition(schema, values: try keyValues(schema, key: key))
    }

    /// The condition that picks one record by its stored primary-key values (`keyValues`).
    private static func keyCondition(_ schema: TableSchema, values: [RecordValue]) -> SQLQueryString {
        zip(schema.primaryKey, values).map { name, value in
            "\(name: name) = \(bind: bindable(value, type: schema.field(name)?.type ?? .string))" as SQLQueryString
        }.joined(separator: " AND ")
    }

    /// One record by its primary key, or nil. Reads of the same table that arrive together go as one query
    /// (`Database.recordReads`), each answered with its own record.
    public func record(of dataset: Dataset, schema: TableSchema, key: [String]) async throws -> [RecordValue]? {
        let table = Self.tableName(dataset, version: dataset.schemaVersion)
        let stored = StoredKey(values: try Self.keyValues(schema, key: key))
        let database = database
        return try await database.recordReads.value(for: stored, in: table) { keys in
            try await Self.records(in: table, schema: schema, keys: keys, database)
        }
    }

    /// The records of `table` with the given stored keys, by key (a key with no record is absent).
    private static func records(
        in table: String, schema: TableSchema, keys: [StoredKey], _ database: Database
    ) async throws -> [StoredKey: [RecordValue]] {
        let condition: SQLQueryString
        if schema.primaryKey.count == 1, let field = schema.field(schema.primaryKey[0]) {
            let list = keys.map { "\(bind: bindable($0.values[0], type: field.type))" as SQLQueryString }.joined(separator: ", ")
            condition = "\(name: field.name) IN (" + list + ")"
        } else {
            condition = keys.map { "(" + keyCondition(schema, values: $0.values) + ")" }.joined(separator: " OR ")
        }
        let keyIndices = schema.primaryKey.compactMap { name in schema.fields.firstIndex { $0.name == name } }
        return try await database.read { sql in
            guard try await database.tableExists(table, sql) else { return [:] }
            var found: [StoredKey: [RecordValue]] = [:]
            for row in try await sql.raw("SELECT * FROM \(name: table) WHERE " + condition).all() {
                let values = try schema.fields.map { try value(row, $0) }
                found[StoredKey(values: keyIndices.map { values[$0] })] = values
            }
            return found
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
